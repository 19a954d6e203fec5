"""The answer message after a Helpful / Not helpful click: the same blocks, the clicked article's choice marked.

Slack hands back the message's blocks with the click; we replace them through the response_url, so the person
sees which vote is recorded (and can change it by clicking the other button).
"""

from __future__ import annotations

import copy
from typing import Any

from bot.core.blocks import actions

CHOSEN = {actions.HELPFUL: "✓ Helpful", actions.NOT_HELPFUL: "✓ Not helpful"}
PLAIN = {actions.HELPFUL: "Helpful", actions.NOT_HELPFUL: "Not helpful"}


def marked_message(blocks: list[dict[str, Any]], slug: str, *, helpful: bool) -> dict[str, Any]:
    """`blocks` with the vote buttons of `slug` showing the recorded choice; other articles are untouched."""
    chosen = actions.HELPFUL if helpful else actions.NOT_HELPFUL
    marked = copy.deepcopy(blocks)
    for block in marked:
        if block.get("type") != "actions":
            continue
        for element in block.get("elements", []):
            action = element.get("action_id")
            if action not in CHOSEN or _slug(element) != slug:
                continue
            element.pop("style", None)
            element["text"] = {"type": "plain_text", "text": PLAIN[action]}
            if action == chosen:
                element["style"] = "primary"
                element["text"] = {"type": "plain_text", "text": CHOSEN[action]}
    text = "Thanks, noted as helpful." if helpful else "Thanks, noted as not helpful."
    return {"replace_original": True, "text": text, "blocks": marked}


def _slug(element: dict[str, Any]) -> str | None:
    value = element.get("value")
    state = actions.decode(value if isinstance(value, str) else None)
    return state.slug if state is not None else None
