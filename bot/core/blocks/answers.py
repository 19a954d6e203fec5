"""Threaded answers to `@insights <question>` and to DMs: the few articles that answer, with the passage.

Answers are posted for the whole channel, so each carries *Helpful* / *Not helpful* buttons: that feedback is how
the team learns which articles answer which questions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.core.blocks import actions
from bot.core.blocks.cards import article_section
from bot.core.blocks.results import suggestion_lines
from bot.core.blocks.text import MAX_FALLBACK_TEXT, echo, fallback_text, mrkdwn, truncate
from bot.core.catalog.model import Catalog

if TYPE_CHECKING:
    from bot.core.search import Hit, Suggestion

MAX_ANSWERS = 3


def feedback_buttons(slug: str, question: str) -> dict[str, Any]:
    value = actions.encode(actions.ButtonState(kind=actions.KIND_SEARCH, query=question, slug=slug))
    return {
        "type": "actions",
        "elements": [
            actions.button("Helpful", actions.HELPFUL, value),
            actions.button("Not helpful", actions.NOT_HELPFUL, value),
        ],
    }


def answer_message(question: str, hits: Sequence[Hit], *, catalog: Catalog | None = None) -> dict[str, Any]:
    """Up to three articles, each with the passage that matched and feedback buttons."""
    shown = list(hits[:MAX_ANSWERS])
    intro = "Here is what I found" if len(shown) > 1 else "This article looks like the answer"
    blocks: list[dict[str, Any]] = [{"type": "section", "text": mrkdwn(f"{intro} for “{echo(question)}”:")}]
    for hit in shown:
        blocks.append(article_section(hit.article, snippet=hit.snippet, catalog=catalog))
        blocks.append(feedback_buttons(hit.article.slug, question))
    titles = "; ".join(hit.article.title for hit in shown)
    return {"text": fallback_text(f"{intro}: {titles}"), "blocks": blocks}


def no_answer_message(question: str, suggestions: Sequence[Suggestion]) -> dict[str, Any]:
    """Nothing relevant: say so plainly and point somewhere useful instead of posting weak matches."""
    lines = [f"I couldn't find an article that answers “{echo(question)}”."]
    if suggestions:
        lines.append("Closest in the catalog:")
        lines.extend(suggestion_lines(suggestions))
    lines.append(
        "I've noted the question so the team can write about it. `/insights categories` lists topics."
    )
    return {
        "text": truncate("I couldn't find an article that answers that question.", MAX_FALLBACK_TEXT),
        "blocks": [{"type": "section", "text": mrkdwn("\n".join(lines))}],
    }


def feedback_thanks(helpful: bool) -> dict[str, Any]:
    text = "Thanks, noted as helpful." if helpful else "Thanks, noted. We'll use it to improve the articles."
    return {"response_type": "ephemeral", "replace_original": False, "text": text}
