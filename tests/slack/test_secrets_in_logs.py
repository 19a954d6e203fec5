"""Tokens and the signing secret never reach a log line, even at DEBUG, on every kind of request."""

from __future__ import annotations

import logging

import pytest

from bot.core.blocks import actions
from bot.slack.app import SlackDeps
from bot.slack.redact import RedactSecrets
from tests.slack import slack_payloads as p
from tests.slack.conftest import Server, wait_for


def test_no_token_or_signing_secret_in_debug_logs(server: Server, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.command("kubernetes")
    server.event(p.app_mention("<@UINSIGHTS> kubernetes gitops"))
    server.event(p.app_home_opened())
    value = actions.encode(actions.ButtonState(slug="securing-user-sessions"))
    server.click(actions.SHARE, value)
    wait_for(lambda: server.slack.calls_to("chat.postMessage") and server.slack.calls_to("views.publish"))
    assert "Sending a request" in caplog.text
    assert p.BOT_TOKEN not in caplog.text
    assert p.SIGNING_SECRET not in caplog.text
    assert "xoxb-" not in caplog.text


def test_deps_repr_hides_the_secrets(deps: SlackDeps) -> None:
    assert p.BOT_TOKEN not in repr(deps)
    assert p.SIGNING_SECRET not in repr(deps)


def test_redaction_masks_token_shapes_and_known_secrets() -> None:
    redact = RedactSecrets([p.SIGNING_SECRET])
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "t=%s s=%s", ("xapp-1-A1-abc", p.SIGNING_SECRET), None
    )
    redact.filter(record)
    assert record.getMessage() == "t=[redacted] s=[redacted]"
