"""The 3-second deadline when the answer waits on something slow: the ack goes out anyway, the answer follows."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from bot.bootstrap import Bot
from bot.slack.app import SlackBot
from bot.slack.http import build_asgi
from bot.testing.fake_slack import FakeSlack
from tests.slack import slack_payloads as p
from tests.slack.conftest import Server, serve, wait_for

DEADLINE = 0.5


@pytest.fixture
def slow_server(bot: Bot, slack_bot: SlackBot, fake_slack: FakeSlack) -> Iterator[Server]:
    """The real bot, whose `subscribe` asks Slack (conversations.info) before answering, with a short deadline."""
    for url in serve(build_asgi(bot.edge(slack_bot), bot.catalog, deadline=DEADLINE)):
        with httpx.Client(base_url=url, timeout=10) as client:
            yield Server(url, client, fake_slack, slack_bot)


def test_slash_command_waiting_on_a_slow_web_api_is_acked_before_the_deadline(slow_server: Server) -> None:
    slow_server.slack.delay("conversations.info", 2.0)
    started = time.monotonic()
    response, url = slow_server.command("subscribe security")
    assert time.monotonic() - started < DEADLINE + 0.5
    assert response.status_code == 200
    assert "Working on it" in response.json()["text"]
    [late] = wait_for(lambda: slow_server.slack.responses[url.rsplit("/", 1)[1]], timeout=6)
    assert "now gets the weekly" in late["text"]
    assert late["response_type"] == "in_channel"  # a subscription is announced to the channel


def test_fast_slash_command_is_answered_in_the_ack_itself(slow_server: Server) -> None:
    response, url = slow_server.command("subscribe security")
    assert "now gets the weekly" in response.json()["text"]
    slow_server.idle()
    assert slow_server.slack.responses[url.rsplit("/", 1)[1]] == []


def test_home_opened_is_acked_at_once_while_views_publish_is_slow(server: Server) -> None:
    server.slack.delay("views.publish", 1.5)
    started = time.monotonic()
    assert server.event(p.app_home_opened()).status_code == 200
    assert time.monotonic() - started < 1.0
    wait_for(lambda: server.slack.calls_to("views.publish"), timeout=5)
