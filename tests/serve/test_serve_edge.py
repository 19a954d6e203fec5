"""`insights-bot serve` as a process, attacked over real sockets: half-open connections, file limits."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.testing.fake_slack import FakeSlack
from tests.serve.processes import Running, bot_env, start_serve

HALF_OPEN = 400
NOFILE = 256


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    slack = FakeSlack().start()
    yield slack
    threading.Thread(target=slack.stop, daemon=True).start()


@pytest.fixture
def limited_serve(fake_slack: FakeSlack, tmp_path: Path) -> Iterator[Running]:
    """`serve` under an open-file limit of 256, the way 1,024 is the usual limit in production."""
    running = start_serve(bot_env(fake_slack.api_url, tmp_path), tmp_path, nofile=NOFILE)
    yield running
    running.stop(grace=10)


def test_healthz_answers_while_more_half_open_connections_than_file_descriptors_are_held(
    limited_serve: Running,
) -> None:
    """Slowloris: every connection sends part of its headers and then nothing. Before the connection cap,
    uvicorn held each one forever, `accept()` failed with EMFILE, and /healthz never answered."""
    held: list[socket.socket] = []
    try:
        for _ in range(HALF_OPEN):
            sock = socket.create_connection(("127.0.0.1", limited_serve.port), timeout=5)
            sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nX-Slack-Signature: v0=")
            held.append(sock)
        response = httpx.get(limited_serve.url + "/healthz", timeout=5)
        assert response.status_code == 200
        assert response.json()["articles"] > 0
    finally:
        for sock in held:
            sock.close()
    assert limited_serve.process.poll() is None, "serve died under the flood"
