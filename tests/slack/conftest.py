"""The world for Slack tests: fake Web API, SQLite store, live catalog, and the real ASGI app under uvicorn."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from bot.bootstrap import Bot, build
from bot.live_catalog import LiveCatalog
from bot.settings import Settings
from bot.slack.app import SlackBot
from bot.slack.http import build_asgi
from bot.store import Store
from bot.testing.fake_slack import FakeSlack
from tests.slack import slack_payloads as p

SHIPPED_CONTENT = Path(__file__).resolve().parents[2] / "content"
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def wait_for(condition: Callable[[], Any], timeout: float = 5.0) -> Any:
    """Poll until `condition()` is truthy (lazy listeners answer after the ack); fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.01)
    raise AssertionError("condition not met within timeout")


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """A fresh fake per test; it is stopped in the background (stopping waits out a 0.5 s poll interval)."""
    slack = FakeSlack().start()
    yield slack
    threading.Thread(target=slack.stop, name="fake-slack-stop", daemon=True).start()


@pytest.fixture(scope="session")
def live_catalog() -> LiveCatalog:
    """The 28 shipped articles, loaded once: nothing here edits them."""
    return LiveCatalog(SHIPPED_CONTENT)


@pytest.fixture
def settings(fake_slack: FakeSlack, tmp_path: Path) -> Settings:
    """A workspace in HTTP mode whose Web API is the fake, with its own SQLite file; no `.env` is read."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]  # pydantic-settings' per-call override
        content_dir=SHIPPED_CONTENT,
        data_dir=tmp_path,
        slack_bot_token=p.BOT_TOKEN,
        slack_signing_secret=p.SIGNING_SECRET,
        slack_api_url=fake_slack.api_url,
    )


@pytest.fixture
def bot(settings: Settings, live_catalog: LiveCatalog) -> Iterator[Bot]:
    """The bot as `serve` wires it (`bootstrap.build`), on the shared catalog, at a fixed time."""
    wired = build(settings, clock=lambda: NOW, catalog=live_catalog)
    wired.follow_catalog()
    yield wired
    wired.close()


@pytest.fixture
def slack_bot(bot: Bot) -> SlackBot:
    return bot.slack()


@dataclass
class Server:
    """The bot over real HTTP on loopback, and helpers that sign what they send like Slack does."""

    url: str
    client: httpx.Client
    slack: FakeSlack
    bot: SlackBot

    def idle(self) -> None:
        """Wait until every reply to what was sent has reached the fake Slack (the app's workers are idle)."""
        assert self.bot.wait_idle(5.0), "the app was still working after 5 s"

    def post(
        self, body: bytes, headers: dict[str, str], *, signed: bool = True, **extra: str
    ) -> httpx.Response:
        all_headers = {**headers, **(p.signed_headers(body) if signed else {}), **extra}
        return self.client.post("/slack/events", content=body, headers=all_headers)

    def command(self, text: str) -> tuple[httpx.Response, str]:
        response_url = self.slack.response_url()
        body, headers = p.slash_command(text, response_url=response_url)
        return self.post(body, headers), response_url

    def event(self, event: dict[str, Any], **kwargs: Any) -> httpx.Response:
        retry = kwargs.pop("retry", None)
        body, headers = p.as_json(p.event_callback(event, **kwargs))
        extra = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
        return self.post(body, headers, **extra)

    def click(self, action_id: str, value: str) -> tuple[httpx.Response, str]:
        response_url = self.slack.response_url()
        body, headers = p.block_actions(action_id, value, response_url=response_url)
        return self.post(body, headers), response_url


def serve(asgi: Any) -> Iterator[str]:
    """Run `asgi` under uvicorn in a thread on an ephemeral loopback port; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(asgi, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    wait_for(lambda: server.started)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True  # uvicorn closes the socket itself; nothing waits for its next tick


@pytest.fixture
def server(bot: Bot, slack_bot: SlackBot, fake_slack: FakeSlack) -> Iterator[Server]:
    for url in serve(build_asgi(bot.edge(slack_bot), bot.catalog)):
        with httpx.Client(base_url=url, timeout=10) as client:
            yield Server(url, client, fake_slack, slack_bot)


@pytest.fixture
def sqlite_store(bot: Bot) -> Store:
    """The bot's own database (SQLite in the test's folder), to check what a request recorded."""
    return bot.store
