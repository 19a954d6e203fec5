"""Button action ids and the state a button carries back to us in its `value`.

A button value is all the bot gets back when someone clicks (we keep no per-message state), and Slack rejects
values over 2,000 characters, so the query is trimmed until the encoded value fits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.core.blocks.text import MAX_BUTTON_TEXT, MAX_BUTTON_VALUE, truncate

SHARE = "insights_share"
MORE = "insights_more"
PREVIOUS = "insights_previous"
HELPFUL = "insights_helpful"
NOT_HELPFUL = "insights_not_helpful"
READ = "insights_read"
READ_PAGE = "insights_read_page"
OPEN = "insights_open"

KIND_SEARCH = "search"
KIND_CATEGORY = "category"
KIND_LATEST = "latest"


@dataclass(frozen=True, slots=True)
class ButtonState:
    """What a click needs: which page or article, and the query that led there."""

    kind: str = KIND_SEARCH
    query: str = ""
    category: str | None = None
    offset: int = 0
    slug: str | None = None


def encode(state: ButtonState) -> str:
    """Compact JSON within Slack's value limit; the query is shortened (never the slug) until it fits."""
    query = state.query
    while True:
        data: dict[str, Any] = {"k": state.kind, "q": query, "o": state.offset}
        if state.category is not None:
            data["c"] = state.category
        if state.slug is not None:
            data["s"] = state.slug
        value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if len(value) <= MAX_BUTTON_VALUE or not query:
            return value[:MAX_BUTTON_VALUE]
        query = query[: max(0, len(query) - (len(value) - MAX_BUTTON_VALUE) - 1)]


def decode(value: str | None) -> ButtonState | None:
    """The state in a button value, or None when it is not one of ours (old message, tampered payload)."""
    try:
        data = json.loads(value or "")
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    kind, query, offset = data.get("k"), data.get("q", ""), data.get("o", 0)
    category, slug = data.get("c"), data.get("s")
    if kind not in {KIND_SEARCH, KIND_CATEGORY, KIND_LATEST} or not isinstance(query, str):
        return None
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= 10_000:
        return None
    if category is not None and not isinstance(category, str):
        return None
    if slug is not None and not isinstance(slug, str):
        return None
    return ButtonState(kind=kind, query=query, category=category, offset=offset, slug=slug)


def button(
    text: str, action_id: str, value: str, *, style: str | None = None, url: str | None = None
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": truncate(text, MAX_BUTTON_TEXT), "emoji": True},
        "action_id": action_id,
        "value": value[:MAX_BUTTON_VALUE],
    }
    if style is not None:
        element["style"] = style
    if url is not None:
        element["url"] = url
    return element
