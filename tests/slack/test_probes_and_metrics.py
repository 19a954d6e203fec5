"""/readyz says why a replica should get no traffic; /metrics counts what users and Slack would notice."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot.bootstrap import Bot
from bot.live_catalog import LiveCatalog
from bot.readiness import readiness
from bot.slack.app import SlackBot
from bot.slack.http import build_asgi
from bot.store import Store
from bot.testing.fake_slack import FakeSlack
from tests.slack import slack_payloads as p
from tests.slack.conftest import NOW, Server, serve, wait_for

DEAD_DATABASE = "postgresql+psycopg://nobody:nothing@127.0.0.1:9/none"


@pytest.fixture
def probed(bot: Bot, slack_bot: SlackBot, fake_slack: FakeSlack) -> Iterator[Server]:
    check = readiness(bot.store, lambda: bot.catalog.current, slack_bot.workers)
    asgi = build_asgi(bot.edge(slack_bot), bot.catalog, readiness=check, metrics=bot.metrics)
    for url in serve(asgi):
        with httpx.Client(base_url=url, timeout=10) as client:
            yield Server(url, client, fake_slack, slack_bot)


def sample(server: Server, name: str, **labels: str) -> float:
    text = server.client.get("/metrics").text
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return float(s.value)
    return 0.0


def test_readyz_is_200_when_the_database_catalog_and_workers_are_fine(probed: Server) -> None:
    response = probed.client.get("/readyz")
    assert (response.status_code, response.json()["status"]) == (200, "ready")


def test_readyz_is_503_with_the_reason_when_the_database_does_not_answer(live_catalog: LiveCatalog) -> None:
    store = Store.connect(DEAD_DATABASE, connect_timeout=1, statement_timeout=1)
    try:
        reasons = readiness(store, lambda: live_catalog.current)()
    finally:
        store.close()
    assert reasons == ["database did not answer within 1 s"]


def test_readyz_reports_a_catalog_that_is_only_problems(tmp_path: Path, bot: Bot) -> None:
    (tmp_path / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    broken = LiveCatalog(tmp_path)
    assert readiness(bot.store, lambda: broken.current)() == [
        "catalog has no articles (1 problems; see insights-bot check)"
    ]


def test_readyz_reports_saturated_listener_threads(bot: Bot, slack_bot: SlackBot, probed: Server) -> None:
    release = threading.Event()
    workers = slack_bot.workers
    for _ in range(workers.capacity * 4):
        workers.submit(release.wait, 10)
    try:
        response = probed.client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["reasons"] == [f"{workers.capacity * 4} tasks queued for 16 listener threads"]
    finally:
        release.set()
    assert slack_bot.wait_idle(5)
    assert probed.client.get("/readyz").status_code == 200


def test_healthz_stays_200_when_the_replica_is_not_ready(
    bot: Bot, slack_bot: SlackBot, probed: Server
) -> None:
    release = threading.Event()
    for _ in range(slack_bot.workers.capacity * 4):
        slack_bot.workers.submit(release.wait, 10)
    try:
        assert probed.client.get("/readyz").status_code == 503
        assert probed.client.get("/healthz").status_code == 200
    finally:
        release.set()


def test_requests_are_counted_by_surface_and_outcome(probed: Server) -> None:
    probed.command("vpn")
    probed.event(p.app_mention("<@UBOT> kubernetes"))
    probed.post(b"{}", {"Content-Type": "application/json"}, signed=False)
    probed.idle()
    assert sample(probed, "insights_requests_total", surface="command", outcome="ok") == 1
    assert sample(probed, "insights_requests_total", surface="event_app_mention", outcome="ok") == 1
    assert sample(probed, "insights_requests_total", surface="edge", outcome="invalid_signature") == 1
    assert sample(probed, "insights_request_seconds_count", surface="command") == 1


def test_slack_rate_limits_and_errors_are_counted(probed: Server) -> None:
    probed.slack.rate_limit("chat.postMessage", retry_after=0, times=1)
    probed.event(p.app_mention("<@UBOT> kubernetes"))
    probed.idle()
    wait_for(lambda: probed.slack.posted())
    assert sample(probed, "insights_slack_rate_limited_total") == 1
    assert sample(probed, "insights_slack_api_errors_total", error="http_429") == 1


def test_catalog_size_and_problems_are_exposed(probed: Server, bot: Bot) -> None:
    articles = len(bot.catalog.current.catalog.articles)
    assert sample(probed, "insights_catalog_articles") == articles
    assert sample(probed, "insights_catalog_problems") == len(bot.catalog.current.catalog.problems)


def test_database_errors_are_counted(probed: Server, bot: Bot) -> None:
    """Any failing statement on the bot's engine, whoever ran it (SQLAlchemy's `handle_error` event)."""
    with pytest.raises(OperationalError), bot.store.engine.connect() as connection:
        connection.execute(text("SELECT * FROM no_such_table"))
    assert sample(probed, "insights_database_errors_total") == 1


def test_digest_outcomes_are_counted(probed: Server, bot: Bot) -> None:
    category = bot.catalog.current.catalog.categories[0].name
    bot.store.add_subscription("C0DIGEST9", category, added_by=None, now=NOW - dt.timedelta(days=14))
    report = bot.run_due()
    counts = report.counts()  # type: ignore[attr-defined]
    assert sum(counts.values()) == 1
    for outcome, count in counts.items():
        assert sample(probed, "insights_digests_total", outcome=outcome) == count
