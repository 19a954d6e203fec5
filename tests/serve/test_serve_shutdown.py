"""SIGTERM to `insights-bot serve`: what was accepted is still answered, then the process exits cleanly."""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.testing.fake_slack import FakeSlack
from tests.serve.processes import Running, bot_env, start_serve
from tests.slack import slack_payloads as p

MENTIONS = 24
"""More than the 16 listener threads, so some replies are still queued when the signal arrives."""


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    slack = FakeSlack().start()
    yield slack
    threading.Thread(target=slack.stop, daemon=True).start()


@pytest.fixture
def serving(fake_slack: FakeSlack, tmp_path: Path) -> Iterator[Running]:
    running = start_serve(bot_env(fake_slack.api_url, tmp_path, LOG_FORMAT="json"), tmp_path)
    yield running
    running.stop(grace=5)


def mention(url: str, text: str) -> httpx.Response:
    body, headers = p.as_json(p.event_callback(p.app_mention(text)))
    return httpx.post(f"{url}/slack/events", content=body, headers={**headers, **p.signed_headers(body)})


def test_sigterm_sends_every_accepted_reply_before_exiting(serving: Running, fake_slack: FakeSlack) -> None:
    """Before: uvicorn re-raised SIGTERM under the default handler once it stopped serving, killing the
    process with replies still queued in the listener threads."""
    fake_slack.delay("chat.postMessage", 0.3, times=None)
    for n in range(MENTIONS):
        assert mention(serving.url, f"<@UBOT> kubernetes {n}").status_code == 200
    serving.signal(signal.SIGTERM)
    assert serving.process.wait(timeout=30) == 0, serving.log()[-2000:]
    assert len(fake_slack.posted()) == MENTIONS


def test_json_logs_carry_the_request_fields(serving: Running) -> None:
    assert mention(serving.url, "<@UBOT> vpn").status_code == 200
    serving.stop(grace=30)
    records = [json.loads(line) for line in serving.log().splitlines() if line.startswith("{")]
    requests = [r for r in records if r.get("surface") == "event_app_mention"]
    assert len(requests) == 1
    assert requests[0]["status"] == 200
    assert requests[0]["outcome"] == "ok"
    assert len(requests[0]["request_id"]) == 16
    assert requests[0]["latency_ms"] >= 0
    assert {r["level"] for r in records} <= {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}
