"""Tokens and the signing secret never reach a log line, even at DEBUG, on every kind of request."""

from __future__ import annotations

import logging

import pytest

from bot.core.blocks import actions
from bot.slack.app import SlackBot
from bot.slack.redact import RedactSecrets
from tests.slack import slack_payloads as p
from tests.slack.conftest import Server


def test_no_token_or_signing_secret_in_debug_logs(server: Server, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.command("kubernetes")
    server.event(p.app_mention("<@UINSIGHTS> kubernetes gitops"))
    server.event(p.app_home_opened())
    value = actions.encode(actions.ButtonState(slug="securing-user-sessions"))
    server.click(actions.SHARE, value)
    server.idle()
    assert server.slack.calls_to("chat.postMessage")
    assert server.slack.calls_to("views.publish")
    assert "Sending a request" in caplog.text
    assert p.BOT_TOKEN not in caplog.text
    assert p.SIGNING_SECRET not in caplog.text
    assert "xoxb-" not in caplog.text


def test_slack_config_and_settings_reprs_hide_the_secrets(slack_bot: SlackBot, settings) -> None:
    for shown in (repr(slack_bot.config), repr(settings)):
        assert p.BOT_TOKEN not in shown
        assert p.SIGNING_SECRET not in shown


def test_redaction_masks_token_shapes_and_known_secrets() -> None:
    redact = RedactSecrets([p.SIGNING_SECRET])
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "t=%s s=%s", ("xapp-1-A1-abc", p.SIGNING_SECRET), None
    )
    redact.filter(record)
    assert record.getMessage() == "t=[redacted] s=[redacted]"
