"""Our app over Socket Mode: the same answers as HTTP mode, acked in the envelope, and retries answered once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.bootstrap import build
from bot.settings import Settings
from bot.slack.app import SlackBot
from bot.slack.socket_mode import build_socket_mode_handler
from bot.testing.fake_slack import BOT_USER_ID, FakeSlack
from tests.fakes.socket_mode_server import SocketModeServer

SHIPPED_CONTENT = Path(__file__).resolve().parents[2] / "content"


@dataclass
class World:
    slack: FakeSlack
    server: SocketModeServer
    bot: SlackBot

    def __iter__(self) -> Iterator[Any]:
        return iter((self.slack, self.server))


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """The bot as `run` wires it in Socket Mode (no signing secret), against the fake Slack and socket server."""
    with FakeSlack() as slack, SocketModeServer() as server:
        slack.socket_mode_url = server.url
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            content_dir=SHIPPED_CONTENT,
            data_dir=tmp_path,
            slack_bot_token="xoxb-socket",
            slack_api_url=slack.api_url,
        )
        bot = build(settings)
        bot.follow_catalog()
        slack_bot = bot.slack()
        handler = build_socket_mode_handler(slack_bot.app, "xapp-socket", ping_interval=1)
        handler.connect()
        server.wait_for_connections(1)
        yield World(slack, server, slack_bot)
        handler.client.auto_reconnect_enabled = False
        server.close_connections()
        handler.close()
        bot.close()


def _mention(event_id: str, ts: str, text: str) -> dict:
    return {
        "type": "event_callback",
        "team_id": "T0FAKE",
        "api_app_id": "A0FAKEAPP",
        "event_id": event_id,
        "event_time": 1_700_000_000,
        "event": {
            "type": "app_mention",
            "user": "U1",
            "text": f"<@{BOT_USER_ID}> {text}",
            "ts": ts,
            "channel": "C1",
        },
    }


def test_slash_command_is_answered_inside_the_ack(world):
    _, server = world
    envelope = server.envelope(
        "slash_commands",
        {
            "command": "/insights",
            "text": "security",
            "user_id": "U1",
            "channel_id": "C1",
            "team_id": "T0FAKE",
        },
    )
    server.send(envelope)
    ack = server.wait_for_ack(envelope["envelope_id"])
    assert ack["payload"]["response_type"] == "ephemeral"
    assert "Securing User Sessions" in str(ack["payload"]["blocks"])


def test_retried_mention_is_answered_once(world):
    slack, server = world
    first = server.envelope(
        "events_api", _mention("EvSOCKET1", "1700000000.000100", "how to store refresh tokens?")
    )
    retry = server.envelope(
        "events_api",
        _mention("EvSOCKET1", "1700000000.000100", "how to store refresh tokens?"),
        retry_attempt=1,
        retry_reason="timeout",
    )
    server.send(first)
    server.wait_for_ack(first["envelope_id"])
    server.send(retry)
    assert server.wait_for_ack(retry["envelope_id"]) == {"envelope_id": retry["envelope_id"]}
    assert world.bot.wait_idle(5.0)
    [answer] = slack.posted("C1")
    assert answer["thread_ts"] == "1700000000.000100"


def test_message_from_a_bot_is_acked_and_never_answered(world):
    slack, server = world
    payload = _mention("EvSOCKET2", "1700000000.000200", "hello")
    payload["event"] = {
        **payload["event"],
        "type": "message",
        "channel_type": "im",
        "bot_id": "B1",
        "channel": "D1",
    }
    envelope = server.envelope("events_api", payload)
    server.send(envelope)
    assert server.wait_for_ack(envelope["envelope_id"]) == {"envelope_id": envelope["envelope_id"]}
    assert world.bot.wait_idle(5.0)
    assert slack.posted("D1") == []


def test_button_click_is_acked_over_the_socket(world):
    slack, server = world
    payload = {
        "type": "block_actions",
        "user": {"id": "U1"},
        "team": {"id": "T0FAKE"},
        "api_app_id": "A0FAKEAPP",
        "response_url": slack.response_url("click"),
        "actions": [{"action_id": "unknown_button", "type": "button", "value": "x", "block_id": "b"}],
    }
    envelope = server.envelope("interactive", payload)
    server.send(envelope)
    assert server.wait_for_ack(envelope["envelope_id"])["envelope_id"] == envelope["envelope_id"]
