"""Web API trouble while answering: retried where Slack says so, logged with Slack's error code otherwise."""

from __future__ import annotations

import logging

import pytest

from bot.slack.web_client import build_web_client
from bot.testing.fake_slack import FakeSlack
from tests.slack import slack_payloads as p
from tests.slack.conftest import Server, wait_for


def test_rate_limited_reply_is_retried_after_retry_after(server: Server) -> None:
    server.slack.rate_limit("chat.postMessage", retry_after=1, times=1)
    server.event(p.app_mention("<@UINSIGHTS> kubernetes gitops"))
    wait_for(lambda: server.slack.posted(p.CHANNEL_ID), timeout=8)
    attempts = server.slack.calls_to("chat.postMessage")
    assert len(attempts) == 2
    assert attempts[1].at - attempts[0].at >= 0.9


def test_server_error_reply_is_retried(server: Server) -> None:
    server.slack.server_error("chat.postMessage", status=500, times=1)
    server.event(p.app_mention("<@UINSIGHTS> kubernetes gitops"))
    wait_for(lambda: server.slack.posted(p.CHANNEL_ID), timeout=8)
    assert len(server.slack.calls_to("chat.postMessage")) == 2


def test_failed_reply_is_logged_with_the_slack_error_code(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="bot.slack")
    server.slack.fail("chat.postMessage", error="channel_not_found", channel=p.CHANNEL_ID)
    assert server.event(p.app_mention("<@UINSIGHTS> kubernetes gitops")).status_code == 200
    wait_for(lambda: "channel_not_found" in caplog.text)
    assert "Traceback" not in caplog.text


def test_failed_home_publish_is_logged_with_the_slack_error_code(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="bot.slack")
    server.slack.fail("views.publish", error="not_enabled")
    assert server.event(p.app_home_opened()).status_code == 200
    wait_for(lambda: "not_enabled" in caplog.text)


def test_web_client_uses_the_configured_base_url(fake_slack: FakeSlack) -> None:
    client = build_web_client(p.BOT_TOKEN, fake_slack.api_url.rstrip("/"))
    assert client.auth_test()["user_id"] == "UINSIGHTS"
    assert fake_slack.calls_to("auth.test")[0].token == p.BOT_TOKEN


def test_web_client_retries_rate_limits_server_and_connection_errors() -> None:
    client = build_web_client(p.BOT_TOKEN, "https://slack.example/api/")
    kinds = {type(handler).__name__ for handler in client.retry_handlers}
    assert kinds == {"RateLimitErrorRetryHandler", "ServerErrorRetryHandler", "ConnectionErrorRetryHandler"}


def test_rejected_answer_is_followed_by_an_ephemeral_note_to_the_asker(server: Server) -> None:
    server.slack.fail("chat.postMessage", error="invalid_blocks")
    server.event(p.app_mention("<@UINSIGHTS> kubernetes gitops"))
    [note] = wait_for(lambda: server.slack.calls_to("chat.postEphemeral"))
    assert note.params["user"] == p.USER_ID
    assert "invalid_blocks" in note.params["text"]


def test_no_follow_up_is_attempted_in_a_channel_the_bot_cannot_reach(server: Server) -> None:
    server.slack.fail("chat.postMessage", error="channel_not_found")
    server.event(p.app_mention("<@UINSIGHTS> kubernetes gitops"))
    server.idle()
    assert server.slack.calls_to("chat.postEphemeral") == []
