"""Realistic Slack request bodies, signed the way Slack signs them, for end-to-end tests through the server."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

TEAM_ID = "T0FAKE"
APP_ID = "A0FAKEAPP"
BOT_USER_ID = "UINSIGHTS"
USER_ID = "U0ALICE"
CHANNEL_ID = "C0GENERAL"
DM_CHANNEL_ID = "D0ALICE"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-1111-2222-SECRETbottoken"

_ids = itertools.count(1)


def signed_headers(
    body: bytes, *, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


def form(fields: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    return urlencode(fields).encode(), {"Content-Type": "application/x-www-form-urlencoded"}


def as_json(payload: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    return json.dumps(payload).encode(), {"Content-Type": "application/json"}


def slash_command(
    text: str, *, response_url: str, command: str = "/insights"
) -> tuple[bytes, dict[str, str]]:
    return form(
        {
            "token": "gIkuvaNzQIHg97ATvDxqgjtO",
            "team_id": TEAM_ID,
            "team_domain": "fake",
            "channel_id": CHANNEL_ID,
            "channel_name": "general",
            "user_id": USER_ID,
            "user_name": "alice",
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        }
    )


def event_callback(event: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
    return {
        "token": "gIkuvaNzQIHg97ATvDxqgjtO",
        "team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev0{next(_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-eyJldCI6ImFwcF9tZW50aW9uIn0",
    }


def next_ts() -> str:
    return f"{1_700_100_000 + next(_ids)}.000200"


def app_mention(
    text: str, *, ts: str | None = None, thread_ts: str | None = None, **extra: Any
) -> dict[str, Any]:
    ts = ts or next_ts()
    event: dict[str, Any] = {
        "type": "app_mention",
        "client_msg_id": f"c{next(_ids)}",
        "text": text,
        "user": USER_ID,
        "ts": ts,
        "team": TEAM_ID,
        "channel": CHANNEL_ID,
        "event_ts": ts,
        **extra,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def direct_message(text: str, *, ts: str | None = None, **extra: Any) -> dict[str, Any]:
    ts = ts or next_ts()
    return {
        "type": "message",
        "client_msg_id": f"c{next(_ids)}",
        "text": text,
        "user": USER_ID,
        "ts": ts,
        "team": TEAM_ID,
        "channel": DM_CHANNEL_ID,
        "event_ts": ts,
        "channel_type": "im",
        **extra,
    }


def app_home_opened(*, user: str = USER_ID, tab: str = "home") -> dict[str, Any]:
    ts = next_ts()
    return {"type": "app_home_opened", "user": user, "channel": DM_CHANNEL_ID, "tab": tab, "event_ts": ts}


def block_actions(
    action_id: str, value: str, *, response_url: str | None, container: str = "message"
) -> tuple[bytes, dict[str, str]]:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": USER_ID, "username": "alice", "name": "alice", "team_id": TEAM_ID},
        "api_app_id": APP_ID,
        "token": "gIkuvaNzQIHg97ATvDxqgjtO",
        "container": {
            "type": container,
            "message_ts": "1700000001.000100",
            "channel_id": CHANNEL_ID,
            "is_ephemeral": True,
        },
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        "team": {"id": TEAM_ID, "domain": "fake"},
        "channel": {"id": CHANNEL_ID, "name": "general"},
        "actions": [
            {
                "action_id": action_id,
                "block_id": "b1",
                "text": {"type": "plain_text", "text": "x"},
                "value": value,
                "type": "button",
                "action_ts": "1700000002.000300",
            }
        ],
    }
    if response_url is not None:
        payload["response_url"] = response_url
    return form({"payload": json.dumps(payload)})
