"""The only way text reaches Slack: escaping, neutralising what users typed, trimming to Block Kit limits.

Slack treats `&`, `<` and `>` as control characters in mrkdwn (`<!channel>` pings everyone), so any text that did
not come from us is escaped here before it goes into a block.
"""

from __future__ import annotations

import re

MAX_BLOCKS_MESSAGE = 50
MAX_BLOCKS_VIEW = 100
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_BUTTON_URL = 3000
MAX_FALLBACK_TEXT = 4000
ECHO_CHARS = 200

ELLIPSIS = "…"

_MARKUP = re.compile(r"<([^<>]*)>")
_ENTITY_TAIL = re.compile(r"&[a-zA-Z#0-9]{0,6}$")


def escape(text: str) -> str:
    """Escape the three mrkdwn control characters, `&` first so nothing is escaped twice."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Undo `escape`, `&amp;` last so `&amp;lt;` stays the literal text `&lt;` the user typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _neutralise(match: re.Match[str]) -> str:
    inner = match.group(1)
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return "@" + (label or target[1:])
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        name = target[1:].split("^", 1)[0]
        return "@" + (label or name)
    return label or target


def from_slack(text: str) -> str:
    """Turn text a user typed in Slack into plain text: markup becomes its visible label, entities are undone.

    The result is plain text again, so it must go through `escape` before it is placed in a block; that round trip
    is what keeps `<!channel>` in a query from ever becoming a ping in our reply.
    """
    return unescape(_MARKUP.sub(_neutralise, text))


def truncate(text: str, limit: int) -> str:
    """Trim to `limit` characters with an ellipsis, never cutting an entity or a `<link|label>` in half."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    entity = _ENTITY_TAIL.search(cut)
    if entity:
        cut = cut[: entity.start()]
    if cut.rfind("<") > cut.rfind(">"):
        cut = cut[: cut.rfind("<")]
    return cut.rstrip() + ELLIPSIS


def echo(text: str, limit: int = ECHO_CHARS) -> str:
    """User text shown back to them: whitespace collapsed, trimmed, then escaped so it can never ping or link."""
    return escape(truncate(" ".join(text.split()), limit))


def fallback_text(text: str) -> str:
    """A message's top-level `text` from plain text: escaped first, then trimmed, so escaping can never push
    it past the limit (a title of `&`s grows fivefold).
    """
    return truncate(escape(text), MAX_FALLBACK_TEXT)


def mrkdwn(text: str, limit: int = MAX_SECTION_TEXT) -> dict[str, str]:
    """A mrkdwn text object for text already escaped and formatted by us."""
    return {"type": "mrkdwn", "text": truncate(text, limit)}


def plain(text: str, limit: int = MAX_SECTION_TEXT) -> dict[str, object]:
    """A plain_text object: Slack renders it literally, so nothing needs escaping."""
    return {"type": "plain_text", "text": truncate(text, limit) or " ", "emoji": True}
