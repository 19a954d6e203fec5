"""The requests Slack would send for what a person types, built and signed as Slack builds and signs them.

The shell feeds these through the app's normal request path (signature check included), so what it shows is
what the bot would do in a workspace. Text is escaped the way Slack escapes what people type (`&`, `<`, `>`),
and ids are fixed, readable fakes (`U0SHELL`, `#general`, a DM channel).
"""

from __future__ import annotations

import itertools
import json
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from bot.core.blocks.text import escape
from bot.testing.fake_slack import BOT_USER_ID

TEAM_ID = "T0FAKE"
APP_ID = "A0FAKEAPP"
USER_ID = "U0SHELL"
USER_NAME = "you"
CHANNEL_ID = "C0GENERAL"
CHANNEL_NAME = "general"
DM_CHANNEL_ID = "D0SHELL"
NAMES = {USER_ID: USER_NAME, CHANNEL_ID: CHANNEL_NAME, DM_CHANNEL_ID: "insights", BOT_USER_ID: "insights"}


def escape_typed(text: str) -> str:
    """What Slack does to typed text before delivering it: the three control characters become entities."""
    return escape(text)


@dataclass(frozen=True)
class SignedRequest:
    """A raw body and the headers Slack would send with it, ready for `BoltRequest` or an HTTP POST."""

    body: str
    headers: dict[str, str]


@dataclass
class PayloadFactory:
    """Builds signed Slack requests; `clock` gives Unix seconds so signatures and timestamps are testable."""

    signing_secret: str = field(repr=False)
    clock: Callable[[], float] = time.time
    run_id: str = field(default_factory=lambda: secrets.token_hex(4).upper())
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1), repr=False)
    _last_micros: int = field(default=0, repr=False)

    def sign(self, body: str, content_type: str) -> SignedRequest:
        timestamp = str(int(self.clock()))
        signature = SignatureVerifier(self.signing_secret).generate_signature(timestamp=timestamp, body=body)
        return SignedRequest(
            body=body,
            headers={
                "content-type": content_type,
                "x-slack-request-timestamp": timestamp,
                "x-slack-signature": signature or "",
            },
        )

    def slash_command(self, command: str, text: str, response_url: str) -> SignedRequest:
        form = {
            "token": "shell-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "fake",
            "channel_id": CHANNEL_ID,
            "channel_name": CHANNEL_NAME,
            "user_id": USER_ID,
            "user_name": USER_NAME,
            "command": command,
            "text": escape_typed(text),
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": self._next("trigger"),
        }
        return self.sign(urlencode(form), "application/x-www-form-urlencoded")

    def app_mention(self, text: str, bot_user_id: str) -> SignedRequest:
        typed = f"<@{bot_user_id}> {escape_typed(text)}".rstrip()
        event = {"type": "app_mention", "user": USER_ID, "text": typed, "channel": CHANNEL_ID}
        return self._event(event)

    def direct_message(self, text: str) -> SignedRequest:
        event = {
            "type": "message",
            "channel_type": "im",
            "user": USER_ID,
            "text": escape_typed(text),
            "channel": DM_CHANNEL_ID,
        }
        return self._event(event)

    def app_home_opened(self) -> SignedRequest:
        return self._event(
            {"type": "app_home_opened", "user": USER_ID, "channel": DM_CHANNEL_ID, "tab": "home"}
        )

    def block_actions(
        self,
        action: Mapping[str, Any],
        *,
        container: Mapping[str, Any],
        response_url: str | None,
        message: Mapping[str, Any] | None = None,
    ) -> SignedRequest:
        """A button click; `message` and `response_url` are absent for clicks in the App Home, as in Slack."""
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": USER_ID, "username": USER_NAME, "team_id": TEAM_ID},
            "api_app_id": APP_ID,
            "team": {"id": TEAM_ID, "domain": "fake"},
            "container": dict(container),
            "trigger_id": self._next("trigger"),
            "actions": [{**action, "action_ts": self._ts()}],
        }
        if container.get("type") != "view":
            payload["channel"] = {"id": container.get("channel_id", CHANNEL_ID), "name": CHANNEL_NAME}
        if message is not None:
            payload["message"] = dict(message)
        if response_url is not None:
            payload["response_url"] = response_url
        return self.sign(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    def _event(self, event: dict[str, Any]) -> SignedRequest:
        ts = self._ts()
        event = {**event, "ts": ts, "event_ts": ts}
        if event["type"] != "app_home_opened":
            event["client_msg_id"] = self._next("msg")
        body = {
            "token": "shell-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": self._next("Ev"),
            "event_time": int(self.clock()),
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        }
        return self.sign(json.dumps(body), "application/json")

    def _ts(self) -> str:
        """A message timestamp in Slack's `seconds.micros` form, strictly increasing within the run."""
        self._last_micros = max(int(self.clock() * 1_000_000), self._last_micros + 1)
        seconds, micros = divmod(self._last_micros, 1_000_000)
        return f"{seconds}.{micros:06d}"

    def _next(self, prefix: str) -> str:
        """Unique across runs too: the event store outlives the shell, and a reused event id would be dropped."""
        return f"{prefix}{self.run_id}{next(self._counter):06d}"
