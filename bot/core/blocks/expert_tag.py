"""Ask an expert: the button under a "might help" or "nothing" reply, and the message that tags the owners.

The button carries the question and its likely category (the only state a click brings back); the tag message
is posted once per question in the question's thread, however often the button is clicked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.core.blocks import actions
from bot.core.blocks.owners_post import mention
from bot.core.blocks.text import echo, escape, fallback_text, mrkdwn

ASK_EXPERT = "insights_ask_expert"
QUESTION_CHARS = 300


def expert_button(question: str, category: str | None) -> dict[str, Any]:
    """An actions block with one *Ask an expert* button."""
    value = actions.encode(actions.ButtonState(kind=actions.KIND_SEARCH, query=question, category=category))
    return {"type": "actions", "elements": [actions.button("Ask an expert", ASK_EXPERT, value)]}


def expert_tag_message(
    question: str,
    category: str | None,
    *,
    owners: Sequence[str],
    admins: Sequence[str],
    asker: str | None,
) -> dict[str, Any]:
    """Tags the category's owners; without any, the digest admins; without those, says nobody owns it."""
    who = f"<@{asker}>" if asker else "Someone"
    asked = f"{who} asked “{echo(question, QUESTION_CHARS)}” and no article answers it yet."
    where = f" ({escape(category)})" if category else ""
    if owners:
        text = f"{' '.join(mention(o) for o in owners)}: {asked}{where} Could you help, or write it up?"
    elif admins:
        nobody = (
            f"Nobody owns {escape(category)} yet" if category else "I couldn't tell which category this is"
        )
        text = f"{' '.join(mention(a) for a in admins)}: {asked} {nobody}; could you find someone to help?"
    else:
        nobody = f"Nobody owns {escape(category)} yet" if category else "No category looks like a fit"
        text = f"{asked} {nobody}: add `owners:` in categories.yml so questions like this reach someone."
    return {
        "text": fallback_text(f"Question for an expert: {question}"),
        "blocks": [{"type": "section", "text": mrkdwn(text)}],
    }


def already_asked() -> dict[str, Any]:
    """The reply to a second click: ephemeral, so the thread is not filled with repeats."""
    return {
        "response_type": "ephemeral",
        "replace_original": False,
        "text": "The experts were already asked about this question, in this thread.",
    }
