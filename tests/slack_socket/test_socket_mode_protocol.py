"""Socket Mode plumbing: the real SocketModeHandler against a local server speaking Slack's envelope protocol.

A small Bolt app stands in for ours here, so these tests pin down the transport: every envelope acked, acks
carrying the slash-command answer, retries visible to listeners, reconnect on `disconnect`.
"""

from __future__ import annotations

import logging
import threading
import time

import pytest
from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.socket_mode import SLASH_COMMAND_APOLOGY, build_socket_mode_handler
from bot.testing.fake_slack import FakeSlack
from tests.fakes.socket_mode_server import SocketModeServer


@pytest.fixture
def servers():
    with FakeSlack() as slack, SocketModeServer() as socket_server:
        slack.socket_mode_url = socket_server.url
        yield slack, socket_server


@pytest.fixture
def seen() -> list[tuple[str, dict]]:
    return []


@pytest.fixture
def app(servers, seen) -> App:
    slack, _ = servers
    bolt = App(
        client=WebClient(token="xoxb-test", base_url=slack.api_url),
        signing_secret="unused-in-socket-mode",
        token_verification_enabled=False,
    )

    @bolt.command("/insights")
    def answer(ack, command):
        ack(response_type="ephemeral", text=f"you asked: {command['text']}")

    @bolt.event("app_mention")
    def mention(event, request, say):
        seen.append(("app_mention", dict(request.headers)))
        say(text="hello", thread_ts=event["ts"])

    @bolt.action("share")
    def share(ack):
        ack()

    @bolt.action("explode")
    def explode(ack):
        raise RuntimeError("boom")

    return bolt


@pytest.fixture
def connected(app, servers):
    _, socket_server = servers
    handler = build_socket_mode_handler(app, "xapp-test", ping_interval=1)
    handler.connect()
    socket_server.wait_for_connections(1)
    yield socket_server
    stop_quickly(handler, socket_server)


def stop_quickly(handler, socket_server: SocketModeServer) -> None:
    """The built-in client's reader holds its lock for up to 3 s; a server-side close frees it at once."""
    handler.client.auto_reconnect_enabled = False
    socket_server.close_connections()
    handler.close()


def _wait_until(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        time.sleep(0.01)


def _mention(ts: str = "1700000000.000100") -> dict:
    return {
        "type": "event_callback",
        "team_id": "T0FAKE",
        "api_app_id": "A0FAKEAPP",
        "event_id": "Ev1",
        "event_time": 1700000000,
        "event": {"type": "app_mention", "user": "U1", "text": "<@UINSIGHTS> hi", "ts": ts, "channel": "C1"},
    }


def test_connection_url_comes_from_apps_connections_open_with_the_app_token(servers, connected):
    slack, _ = servers
    [call] = slack.calls_to("apps.connections.open")
    assert call.token == "xapp-test"


def test_slash_command_ack_carries_the_answer_as_payload(connected):
    envelope = connected.envelope(
        "slash_commands", {"command": "/insights", "text": "security", "user_id": "U1"}
    )
    connected.send(envelope)
    ack = connected.wait_for_ack(envelope["envelope_id"])
    assert ack["envelope_id"] == envelope["envelope_id"]
    assert ack["payload"]["text"] == "you asked: security"
    assert ack["payload"]["response_type"] == "ephemeral"


def test_event_is_acked_with_the_envelope_id_alone(connected, servers):
    slack, _ = servers
    envelope = connected.envelope("events_api", _mention())
    connected.send(envelope)
    assert connected.wait_for_ack(envelope["envelope_id"]) == {"envelope_id": envelope["envelope_id"]}
    _wait_until(lambda: slack.posted("C1"))
    assert slack.posted("C1")[0]["thread_ts"] == "1700000000.000100"


def test_retry_attempt_reaches_listeners_as_the_http_retry_header(connected, seen):
    envelope = connected.envelope("events_api", _mention(), retry_attempt=1, retry_reason="timeout")
    connected.send(envelope)
    connected.wait_for_ack(envelope["envelope_id"])
    _wait_until(lambda: seen)
    headers = seen[0][1]
    assert headers["x-slack-retry-num"] == ["1"]
    assert headers["x-slack-retry-reason"] == ["timeout"]


def test_interactive_envelope_is_acked(connected):
    payload = {
        "type": "block_actions",
        "user": {"id": "U1"},
        "actions": [{"action_id": "share", "type": "button"}],
    }
    envelope = connected.envelope("interactive", payload)
    connected.send(envelope)
    assert connected.wait_for_ack(envelope["envelope_id"])["envelope_id"] == envelope["envelope_id"]


def test_event_without_a_listener_is_still_acked_so_slack_stops_redelivering(connected):
    payload = {**_mention(), "event": {"type": "reaction_added", "user": "U1", "reaction": "tada"}}
    envelope = connected.envelope("events_api", payload)
    connected.send(envelope)
    assert connected.wait_for_ack(envelope["envelope_id"]) == {"envelope_id": envelope["envelope_id"]}


def test_failing_listener_still_gets_its_envelope_acked(connected):
    payload = {
        "type": "block_actions",
        "user": {"id": "U1"},
        "actions": [{"action_id": "explode", "type": "button"}],
    }
    envelope = connected.envelope("interactive", payload)
    connected.send(envelope)
    assert connected.wait_for_ack(envelope["envelope_id"])["envelope_id"] == envelope["envelope_id"]


def test_failing_slash_command_is_answered_with_an_apology_not_a_timeout(app, connected):
    @app.command("/broken")
    def broken(ack):
        raise RuntimeError("boom")

    envelope = connected.envelope("slash_commands", {"command": "/broken", "text": "", "user_id": "U1"})
    connected.send(envelope)
    assert connected.wait_for_ack(envelope["envelope_id"])["payload"] == {"text": SLASH_COMMAND_APOLOGY}


def test_disconnect_frame_makes_the_client_reconnect_and_keep_serving(connected, servers):
    slack, _ = servers
    connected.disconnect("refresh_requested")
    connected.wait_for_connections(2)
    assert len(slack.calls_to("apps.connections.open")) == 2
    envelope = connected.envelope(
        "slash_commands", {"command": "/insights", "text": "again", "user_id": "U1"}
    )
    _wait_until(lambda: _deliver_and_check(connected, envelope))


def test_hello_and_disconnect_frames_are_logged_for_operators(connected, caplog):
    caplog.set_level(logging.INFO, logger="bot.slack.socket_mode")
    connected.disconnect("warning")
    connected.wait_for_connections(2)
    _wait_until(lambda: "hello (2 open connection(s))" in caplog.text)
    assert "disconnect requested (warning)" in caplog.text


def _deliver_and_check(server: SocketModeServer, envelope: dict) -> bool:
    """After a reconnect the old socket may still be closing; resend until the new one answers."""
    server.send(envelope)
    try:
        server.wait_for_ack(envelope["envelope_id"], timeout=0.5)
    except TimeoutError:
        return False
    return True


def test_run_returns_and_closes_the_socket_when_stop_is_set(app, servers):
    from bot.slack.socket_mode import run_socket_mode

    _, socket_server = servers
    stop = threading.Event()
    runner = threading.Thread(target=run_socket_mode, args=(app, "xapp-test", stop))
    runner.start()
    socket_server.wait_for_connections(1)
    stop.set()
    runner.join(timeout=10)
    assert not runner.is_alive()
