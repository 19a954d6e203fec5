"""The fake Slack's reading methods: `conversations.history` and `conversations.replies`, paged as Slack pages
them (`limit`, an opaque `next_cursor`, `has_more`), over the messages the fake keeps for one channel."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

MAX_LIMIT = 999


def history(messages: list[dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
    """Newest first, between `oldest` and `latest` (ends included only with `inclusive`)."""
    oldest = float(params.get("oldest") or 0)
    latest = float(params.get("latest") or "inf")
    inclusive = str(params.get("inclusive", "")).lower() in {"1", "true"}

    def inside(message: dict[str, Any]) -> bool:
        ts = float(message["ts"])
        return oldest <= ts <= latest if inclusive else oldest < ts < latest

    return _page(list(reversed(messages)), inside, params, newest_first=True)


def replies(messages: list[dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
    """The thread under `ts`, oldest first: its parent, if the fake holds it, then every reply."""
    ts = str(params.get("ts") or "")
    if not ts:
        return {"ok": False, "error": "thread_not_found"}

    def in_thread(message: dict[str, Any]) -> bool:
        return message.get("ts") == ts or message.get("thread_ts") == ts

    return _page(list(messages), in_thread, params, newest_first=False)


def _page(
    ordered: list[dict[str, Any]],
    keep: Callable[[dict[str, Any]], bool],
    params: dict[str, Any],
    *,
    newest_first: bool,
) -> dict[str, Any]:
    """`limit` (at most 999) per page; the cursor names the ts where the previous page stopped."""
    after: float | None = None
    cursor = str(params.get("cursor") or "")
    if cursor:
        try:
            after = float(base64.b64decode(cursor).decode().removeprefix("next_ts:"))
        except ValueError:
            return {"ok": False, "error": "invalid_cursor"}
    limit = min(max(int(params.get("limit") or 100), 1), MAX_LIMIT)

    def beyond(message: dict[str, Any]) -> bool:
        ts = float(message["ts"])
        return after is None or (ts < after if newest_first else ts > after)

    window = [m for m in ordered if keep(m) and beyond(m)]
    page, more = window[:limit], len(window) > limit
    answer: dict[str, Any] = {"ok": True, "messages": page, "has_more": more}
    if more:
        next_cursor = base64.b64encode(f"next_ts:{page[-1]['ts']}".encode()).decode()
        answer["response_metadata"] = {"next_cursor": next_cursor}
    return answer


METHODS: dict[str, Callable[[list[dict[str, Any]], dict[str, Any]], dict[str, Any]]] = {
    "conversations.history": history,
    "conversations.replies": replies,
}
