"""Where a request from Slack enters the bot: one signature check, one parse, then the app.

HTTP mode and the local shell both come through here, so a signed request is treated the same way whichever
way it arrived. The order matters: the signature is checked on the raw bytes before anything parses them, so a
forged request is always a 401 and never reaches a parser; only a genuine but broken body is a 400.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.slack.payloads import parse_body, well_formed

_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


@dataclass(frozen=True)
class Refused:
    """A request turned away before the app saw it, with the status and the one-line reason to answer."""

    status: int
    reason: str


@dataclass(frozen=True)
class Admitted:
    """A verified, parsed request: `body` is what Slack meant (JSON, interactivity payload or form)."""

    body: dict[str, Any]
    request: BoltRequest

    @property
    def is_slash_command(self) -> bool:
        return isinstance(self.body.get("command"), str)

    @property
    def response_url(self) -> str | None:
        url = self.body.get("response_url")
        return url if isinstance(url, str) and url else None


def signed_by(verifier: SignatureVerifier, text: str, headers: Mapping[str, str]) -> bool:
    """Whether Slack signed `text`; malformed timestamp or signature headers are simply "not signed".

    slack_sdk's check parses the timestamp with `int()`, so `abc`, a 5,000-digit number or a non-ASCII
    signature would raise inside it; their shape is checked first.
    """
    timestamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
        return False
    return verifier.is_valid(text, timestamp, signature)


class SlackEdge:
    """Admits or refuses a raw request, and dispatches admitted ones to the app."""

    def __init__(self, app: App, signing_secret: str | None) -> None:
        self._app = app
        self._verifier = SignatureVerifier(signing_secret) if signing_secret else None

    def admit(self, body: bytes, headers: Mapping[str, str]) -> Admitted | Refused:
        """`headers` with lower-case names. Without a signing secret (Socket Mode only) nothing is admitted.

        Slack signs UTF-8 text, so bytes that are not UTF-8 are malformed whoever sent them (a 400).
        """
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return Refused(400, "malformed body")
        if self._verifier is None or not signed_by(self._verifier, text, headers):
            return Refused(401, "invalid signature")
        try:
            parsed = parse_body(text, headers.get("content-type"))
        except ValueError:
            return Refused(400, "malformed body")
        if not isinstance(parsed, dict) or not well_formed(parsed):
            return Refused(400, "malformed body")
        try:
            request = bolt_request(parsed, headers)
        except (TypeError, KeyError, AttributeError, ValueError):  # Bolt reads ids it assumes are well typed
            return Refused(400, "malformed body")
        return Admitted(parsed, request)

    def dispatch(self, request: Admitted) -> BoltResponse:
        """Run the app on an admitted request; a 404 (no listener for a verified kind) becomes an empty 200."""
        response = self._app.dispatch(request.request)
        return BoltResponse(status=200, body="") if response.status == 404 else response


def bolt_request(body: dict[str, Any], headers: Mapping[str, str]) -> BoltRequest:
    """A `BoltRequest` over an already verified and parsed body.

    Bolt takes a parsed body only in its `socket_mode` request mode; the mode's only other effects are skipping
    its signature check (done once, at the edge) and copying the parsed body for lazy listeners. A test
    (`tests/slack/test_edge.py`) fails if an upgrade of Bolt changes that.
    """
    return BoltRequest(body=body, headers=dict(headers), mode="socket_mode")
