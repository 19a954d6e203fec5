"""Reading Slack payloads: small pure predicates and extractors, so listeners never index dicts blindly.

Payloads are untrusted input: any field may be missing or of the wrong type, and the answer is then "not for
us", never an exception.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.request import BoltRequest


def text_field(data: object, key: str) -> str:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


def header(req: BoltRequest, name: str) -> str | None:
    values = req.headers.get(name.lower()) if isinstance(req.headers, dict) else None
    if isinstance(values, list | tuple) and values:
        return str(values[0])
    return values if isinstance(values, str) else None


def is_from_a_bot(event: dict[str, Any]) -> bool:
    return (
        bool(event.get("bot_id")) or event.get("subtype") == "bot_message" or bool(event.get("bot_profile"))
    )


def is_user_question(event: dict[str, Any]) -> bool:
    """A plain message a person wrote: no subtype (so not an edit, deletion or join) and not from any bot."""
    return not event.get("subtype") and not is_from_a_bot(event) and bool(text_field(event, "user"))


def is_user_dm(event: dict[str, Any]) -> bool:
    return event.get("channel_type") == "im" and is_user_question(event)


def thread_of(event: dict[str, Any]) -> str | None:
    """Replies go under the message, or into the thread it was already part of."""
    return text_field(event, "thread_ts") or text_field(event, "ts") or None


def describe(body: dict[str, Any], retry: str | None = None) -> str:
    """A one-line summary of a request for the log: kind and name, team, user; never tokens or user text."""
    kind = text_field(body, "type") or ("slash_command" if "command" in body else "unknown")
    team = text_field(body, "team_id") or text_field(body.get("team"), "id")
    if kind == "slash_command":
        name, user = text_field(body, "command"), text_field(body, "user_id")
    elif kind == "event_callback":
        event = body.get("event") if isinstance(body.get("event"), dict) else {}
        name = "/".join(p for p in (text_field(event, "type"), text_field(event, "subtype")) if p)
        user = text_field(event, "user")
        name = f"{name} {text_field(body, 'event_id')}".strip()
    elif kind == "block_actions":
        found = body.get("actions")
        first = found[0] if isinstance(found, list) and found else {}
        name, user = text_field(first, "action_id"), text_field(body.get("user"), "id")
    else:
        name, user = "", ""
    parts = [kind, name, f"team={team}" if team else "", f"user={user}" if user else ""]
    if retry:
        parts.append(f"retry={retry}")
    return " ".join(part for part in parts if part)


def well_formed(body: object) -> bool:
    """Whether a parsed body has the shape Slack gives each kind of request, so Bolt can read it safely.

    Only the fields Bolt and our listeners index are checked; kinds we do not know pass, to be acked.
    """
    if not isinstance(body, dict):
        return False
    kind = body.get("type")
    if kind == "event_callback":
        return isinstance(body.get("event"), dict)
    if kind == "block_actions":
        found = body.get("actions")
        return (
            isinstance(found, list)
            and all(isinstance(action, dict) for action in found)
            and isinstance(body.get("user", {}), dict)
        )
    if "command" in body:
        return isinstance(body.get("command"), str)
    return all(isinstance(body.get(key, {}), dict) for key in ("team", "user", "channel", "event"))
