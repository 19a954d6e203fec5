"""Our app over Socket Mode: the same answers as HTTP mode, acked in the envelope, and retries answered once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.live_catalog import LiveCatalog
from bot.slack.app import SlackDeps, build_app
from bot.slack.socket_mode import build_socket_mode_handler
from bot.store import Store
from bot.testing.fake_slack import BOT_USER_ID, FakeSlack
from tests.fakes.socket_mode_server import SocketModeServer

SHIPPED_CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(scope="module")
def live_catalog() -> LiveCatalog:
    return LiveCatalog(SHIPPED_CONTENT)


@pytest.fixture
def socket_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.connect(f"sqlite:///{tmp_path / 'socket.db'}")
    store.upgrade()
    yield store
    store.close()


@pytest.fixture
def world(live_catalog: LiveCatalog, socket_store: Store) -> Iterator[tuple[FakeSlack, SocketModeServer]]:
    with FakeSlack() as slack, SocketModeServer() as server:
        slack.socket_mode_url = server.url
        deps = SlackDeps(
            bot_token="xoxb-socket", live_catalog=live_catalog, store=socket_store, api_url=slack.api_url
        )
        handler = build_socket_mode_handler(build_app(deps), "xapp-socket", ping_interval=1)
        handler.connect()
        server.wait_for_connections(1)
        yield slack, server
        handler.client.auto_reconnect_enabled = False
        server.close_connections()
        handler.close()


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


def _settle() -> None:
    """Give a (wrongly) duplicated answer time to show up before asserting there is none."""
    time.sleep(0.5)


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
    deadline = time.monotonic() + 5
    while not slack.posted("C1") and time.monotonic() < deadline:
        time.sleep(0.01)
    _settle()
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
    _settle()
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
