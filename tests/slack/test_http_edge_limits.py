"""The HTTP edge against clients that misbehave at the socket level: slow headers, slow or abandoned bodies,
malformed signature headers sent as raw bytes. Real uvicorn (as `serve` configures it) on loopback."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from bot.bootstrap import Bot
from bot.slack.app import SlackBot
from bot.slack.http import build_asgi
from bot.slack.http_server import EdgeLimits, server_config
from tests.slack import slack_payloads as p
from tests.slack.conftest import wait_for

HEADER_TIMEOUT = 0.5
BODY_TIMEOUT = 0.5


def serve_guarded(asgi: Any, limits: EdgeLimits) -> Iterator[int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = server_config(asgi, host="127.0.0.1", port=0, limits=limits, log_level="info")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    wait_for(lambda: server.started)
    try:
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=5)


@pytest.fixture
def port(bot: Bot, slack_bot: SlackBot) -> Iterator[int]:
    asgi = build_asgi(bot.edge(slack_bot), bot.catalog, body_timeout=BODY_TIMEOUT)
    yield from serve_guarded(asgi, EdgeLimits(header_timeout=HEADER_TIMEOUT, max_connections=50))


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=5)


def closed_within(sock: socket.socket, seconds: float, trickle: bytes = b"") -> bool:
    """Keep sending `trickle` every 0.1 s; True once the server has closed the connection."""
    deadline = time.monotonic() + seconds
    sock.settimeout(0.1)
    while time.monotonic() < deadline:
        try:
            if sock.recv(4096) == b"":
                return True
        except TimeoutError:
            pass
        except ConnectionResetError:
            return True
        if trickle:
            try:
                sock.sendall(trickle)
            except (BrokenPipeError, ConnectionResetError):
                return True
    return False


def status_of(raw: bytes) -> int:
    return int(raw.split(b" ", 2)[1])


def exchange(port: int, request: bytes) -> bytes:
    with connect(port) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks):
                break
        return b"".join(chunks)


def test_a_connection_that_never_finishes_its_headers_is_closed(port: int) -> None:
    with connect(port) as sock:
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: bot\r\n")
        assert closed_within(sock, HEADER_TIMEOUT + 3)


def test_headers_trickled_a_byte_at_a_time_do_not_keep_the_connection(port: int) -> None:
    """Each byte would reset an idle timer; the deadline counts from the connection's start."""
    with connect(port) as sock:
        sock.sendall(b"POST /slack/events HTTP/1.1\r\n")
        assert closed_within(sock, HEADER_TIMEOUT + 3, trickle=b"X")


def test_a_second_request_on_a_kept_alive_connection_has_the_same_header_deadline(port: int) -> None:
    with connect(port) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: bot\r\n\r\n")
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        sock.sendall(b"GET /healthz HTTP/1.1\r\n")
        assert closed_within(sock, HEADER_TIMEOUT + 3, trickle=b"X")


def test_a_body_that_stops_arriving_gets_408(port: int) -> None:
    head = b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Length: 1000\r\n\r\n"
    assert status_of(exchange(port, head + b"a" * 10)) == 408


def test_a_healthy_request_on_the_guarded_server_is_answered(port: int) -> None:
    body, headers = p.as_json(p.event_callback(p.app_mention("<@UBOT> vpn")))
    lines = "\r\n".join(f"{k}: {v}" for k, v in {**headers, **p.signed_headers(body)}.items())
    head = f"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Length: {len(body)}\r\n{lines}\r\n\r\n"
    assert status_of(exchange(port, head.encode() + body)) == 200


@pytest.mark.parametrize(
    "timestamp",
    [b"abc", b"9" * 5000, b"-1", b"\xc3\xa9"],
    ids=["letters", "5000-digits", "negative", "non-ascii"],
)
def test_malformed_timestamps_are_401_never_500(port: int, timestamp: bytes) -> None:
    body = b'{"type":"event_callback"}'
    request = (
        b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
        b"X-Slack-Request-Timestamp: " + timestamp + b"\r\nX-Slack-Signature: v0=" + b"a" * 64 + b"\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )
    assert status_of(exchange(port, request)) == 401


@pytest.mark.parametrize("signature", ["v0=é".encode(), b"v0=\xff\xfe", b"v0=" + "ä".encode() * 32])
def test_non_ascii_signatures_are_401_never_500(port: int, signature: bytes) -> None:
    body = b'{"type":"event_callback"}'
    request = (
        b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
        b"X-Slack-Request-Timestamp: " + str(int(time.time())).encode() + b"\r\n"
        b"X-Slack-Signature: " + signature + b"\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )
    assert status_of(exchange(port, request)) == 401


def test_a_client_that_disconnects_mid_body_leaves_no_traceback(
    port: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    with connect(port) as sock:
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Length: 1000\r\n\r\n" + b"a" * 10)
    wait_for(lambda: "went away mid-body" in caplog.text)
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_a_client_that_disconnects_while_its_answer_is_prepared_leaves_no_traceback(
    port: int, bot: Bot, slack_bot: SlackBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    body, headers = p.slash_command("vpn", response_url="http://127.0.0.1:9/unused")
    lines = "\r\n".join(f"{k}: {v}" for k, v in {**headers, **p.signed_headers(body)}.items())
    head = f"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Length: {len(body)}\r\n{lines}\r\n\r\n"
    with connect(port) as sock:
        sock.sendall(head.encode() + body)
    wait_for(lambda: "POST /slack/events" in caplog.text)
    assert slack_bot.wait_idle(5)
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
