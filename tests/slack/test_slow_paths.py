"""The 3-second deadline when the answer waits on something slow: the ack goes out anyway, the answer follows."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from bot.core.blocks import errors
from bot.slack.app import SlackDeps, build_app
from bot.slack.digest_poster import SlackChannelAccess
from bot.slack.http import build_asgi
from bot.slack.web_client import build_web_client
from bot.testing.fake_slack import FakeSlack
from tests.slack import slack_payloads as p
from tests.slack.conftest import Server, serve, wait_for

DEADLINE = 0.5


class ChannelCheckingSubscriptions:
    """Like the real subscriptions service on `subscribe`: asks Slack (conversations.info) before answering."""

    def __init__(self, slack: FakeSlack) -> None:
        self._access = SlackChannelAccess(build_web_client(p.BOT_TOKEN, slack.api_url))

    def handle(self, intent: object, *, user_id: str, channel_id: str) -> dict[str, Any]:
        member = self._access.is_member(channel_id)
        return errors.usage_message(f"Subscribed (bot in channel: {member}).")


@pytest.fixture
def slow_server(deps: SlackDeps, fake_slack: FakeSlack) -> Iterator[Server]:
    slow = dataclasses.replace(
        deps, subscriptions=ChannelCheckingSubscriptions(fake_slack), ack_deadline=DEADLINE
    )
    asgi = build_asgi(build_app(slow), slow.live_catalog, signing_secret=slow.signing_secret)
    for url in serve(asgi):
        with httpx.Client(base_url=url, timeout=10) as client:
            yield Server(url, client, fake_slack)


def test_slash_command_waiting_on_a_slow_web_api_is_acked_before_the_deadline(slow_server: Server) -> None:
    slow_server.slack.delay("conversations.info", 2.0)
    started = time.monotonic()
    response, url = slow_server.command("subscribe security")
    assert time.monotonic() - started < DEADLINE + 0.5
    assert response.status_code == 200
    assert "Working on it" in response.json()["text"]
    [late] = wait_for(lambda: slow_server.slack.responses[url.rsplit("/", 1)[1]], timeout=6)
    assert "Subscribed" in late["text"]
    assert late["response_type"] == "ephemeral"


def test_fast_slash_command_is_answered_in_the_ack_itself(slow_server: Server) -> None:
    response, url = slow_server.command("subscribe security")
    assert "Subscribed" in response.json()["text"]
    time.sleep(0.1)
    assert slow_server.slack.responses[url.rsplit("/", 1)[1]] == []


def test_home_opened_is_acked_at_once_while_views_publish_is_slow(server: Server) -> None:
    server.slack.delay("views.publish", 1.5)
    started = time.monotonic()
    assert server.event(p.app_home_opened()).status_code == 200
    assert time.monotonic() - started < 1.0
    wait_for(lambda: server.slack.calls_to("views.publish"), timeout=5)
