"""Reading Slack payloads: small pure predicates and extractors, so listeners never index dicts blindly.

Payloads are untrusted input: any field may be missing or of the wrong type, and the answer is then "not for
us", never an exception.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt.request import BoltRequest


def text_field(data: object, key: str) -> str:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


def first_action(body: object) -> dict[str, Any]:
    """The clicked element of a `block_actions` payload (Slack sends one per click); empty when there is none."""
    found = body.get("actions") if isinstance(body, dict) else None
    return found[0] if isinstance(found, list) and found and isinstance(found[0], dict) else {}


def parse_body(text: str, content_type: str | None) -> object:
    """The body as Slack meant it: JSON, a form whose `payload` field is JSON (interactivity), or a plain form.

    Bolt decides "interactivity" by whether the word `payload` occurs anywhere in the raw body, so a slash
    command whose text (or channel name) says "payload" reaches it as an empty dict; this looks at the field.
    Raises ValueError for a body that is none of these.
    """
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media == "application/json" or text.lstrip().startswith("{"):
        return json.loads(text)
    fields = dict(parse_qsl(text, keep_blank_values=True))
    if "payload" in fields and "command" not in fields:
        return json.loads(fields["payload"])
    return fields


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
        name, user = text_field(first_action(body), "action_id"), text_field(body.get("user"), "id")
    else:
        name, user = "", ""
    parts = [kind, name, f"team={team}" if team else "", f"user={user}" if user else ""]
    if retry:
        parts.append(f"retry={retry}")
    return " ".join(part for part in parts if part)


_NEEDS_CALLBACK_ID = frozenset(
    {
        "shortcut",
        "message_action",
        "interactive_message",
        "dialog_submission",
        "dialog_cancellation",
        "dialog_suggestion",
        "workflow_step_edit",
    }
)
_NEEDS_VIEW = frozenset({"view_submission", "view_closed", "workflow_step"})
_NEEDS_ACTIONS = frozenset({"block_actions", "interactive_message"})


def well_formed(body: object) -> bool:
    """Whether a parsed body has the shape Slack gives each kind of request, so Bolt can read it safely.

    Checked are the fields Bolt's matchers index without looking (a body lacking one makes Bolt fail with a
    500); kinds we do not know pass, to be acked. Slack sends `null` for objects that do not apply (`"team":
    null` from an org-wide install), so null is as good as absent. A body with neither a `type` nor a `command`
    is nothing Slack sends.
    """
    if not isinstance(body, dict):
        return False
    if "command" in body:
        return isinstance(body.get("command"), str)
    if "ssl_check" in body:
        return True
    kind = body.get("type")
    if not isinstance(kind, str) or not kind:
        return False
    if kind == "event_callback":
        event = body.get("event")
        return isinstance(event, dict) and isinstance(event.get("type"), str)
    if kind in _NEEDS_ACTIONS:
        found = body.get("actions")
        if not isinstance(found, list) or not found or not all(isinstance(item, dict) for item in found):
            return False
        if kind == "block_actions" and not isinstance(found[0].get("action_id"), str):
            return False
    if kind in _NEEDS_CALLBACK_ID and not isinstance(body.get("callback_id"), str):
        return False
    view = body.get("view")
    if kind in _NEEDS_VIEW and not (isinstance(view, dict) and isinstance(view.get("callback_id"), str)):
        return False
    if kind == "block_suggestion" and not isinstance(body.get("action_id"), str):
        return False
    if any(key in body and not isinstance(body[key], dict) for key in ("event", "view")):
        return False
    return all(_object_or_null(body.get(key)) for key in ("team", "user", "channel"))


def _object_or_null(value: object) -> bool:
    return value is None or isinstance(value, dict)
