"""`insights-bot run` and `serve` as real processes, against the fake Web API and a local Socket Mode server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.testing.fake_slack import FakeSlack
from tests.fakes.socket_mode_server import SocketModeServer

BOT_TOKEN = "xoxb-run-cli-secret-token"
APP_TOKEN = "xapp-run-cli-secret-token"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "DATA_DIR"))}
    return {**base, "DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}", "DATA_DIR": str(tmp_path)}


@pytest.fixture
def servers() -> Iterator[tuple[FakeSlack, SocketModeServer]]:
    with FakeSlack() as slack, SocketModeServer() as socket_server:
        yield slack, socket_server


def _start(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", "from bot.cli.main import main; main()", *args]
    return subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _stop(process: subprocess.Popen[str]) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    try:
        _, stderr = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
    return process.returncode, stderr


def test_run_with_an_app_token_serves_slash_commands_over_socket_mode(servers, env, tmp_path):
    slack, socket_server = servers
    slack.socket_mode_url = socket_server.url
    env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=slack.api_url)
    process = _start(["run", "--no-scheduler"], env, tmp_path)
    try:
        socket_server.wait_for_connections(1, timeout=60)
        envelope = socket_server.envelope(
            "slash_commands",
            {"command": "/insights", "text": "kubernetes", "user_id": "U1", "channel_id": "C1"},
        )
        socket_server.send(envelope)
        ack = socket_server.wait_for_ack(envelope["envelope_id"], timeout=30)
    finally:
        code, stderr = _stop(process)
    assert "Kubernetes" in str(ack["payload"])
    assert [call.token for call in slack.calls_to("apps.connections.open")] == [APP_TOKEN]
    assert code == 0, stderr
    assert "WARNING" not in stderr, stderr  # start-up is quiet: no library warning about an unused token
    assert BOT_TOKEN not in stderr
    assert APP_TOKEN not in stderr


def test_run_stops_with_one_line_when_slack_refuses_the_app_token(servers, env, tmp_path):
    slack, _ = servers  # no socket_mode_url: apps.connections.open answers invalid_auth
    env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=slack.api_url)
    result = subprocess.run(
        [sys.executable, "-c", "from bot.cli.main import main; main()", "run"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert "SLACK_APP_TOKEN: Slack did not accept it" in result.stderr
    assert "invalid_auth" in result.stderr
    assert "Traceback" not in result.stderr
    assert APP_TOKEN not in result.stderr


def test_run_stops_with_one_line_when_slack_refuses_the_bot_token(servers, env, tmp_path):
    slack, _ = servers
    slack.fail("auth.test", error="invalid_auth")
    env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET="s3cret", SLACK_API_URL=slack.api_url)
    result = subprocess.run(
        [sys.executable, "-c", "from bot.cli.main import main; main()", "serve"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN: Slack did not accept it" in result.stderr
    assert BOT_TOKEN not in result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("command", ["serve", "run"])
def test_http_mode_answers_healthz_with_the_catalog_size(servers, env, tmp_path, command):
    slack, _ = servers
    port = _free_port()
    env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET="s3cret", SLACK_API_URL=slack.api_url)
    env.update(HOST="127.0.0.1", PORT=str(port))
    process = _start([command], env, tmp_path)
    try:
        health = _poll_health(f"http://127.0.0.1:{port}/healthz", process)
    finally:
        code, stderr = _stop(process)
    assert health["articles"] == 28
    assert code in (0, -signal.SIGTERM), stderr  # uvicorn shuts down cleanly, then re-raises the signal
    assert "Shutting down" in stderr


def _poll_health(url: str, process: subprocess.Popen[str]) -> dict:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited early: {process.communicate()[1]}")
        try:
            return httpx.get(url, timeout=1).json()
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("serve did not answer /healthz within 20 s")
