"""Retry dedupe on a hung database: the event is still answered, fast, and later events skip the claim."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator

import pytest
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.slack.middleware import DedupeEvents
from bot.store import Store
from tests.fakes.hung_database import events_table_locked
from tests.slack import slack_payloads as p

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def hung_store(database_url: str) -> Iterator[Store]:
    """A store whose statements give up after 3 s: longer than the claim deadline used below."""
    store = Store.connect(database_url, statement_timeout=3)
    store.upgrade()
    yield store
    store.close()


def deliver(middleware: DedupeEvents, event_id: str) -> tuple[bool, float]:
    """(the listener ran, seconds the middleware took)."""
    body = p.event_callback(
        p.app_mention("<@UINSIGHTS> sessions", ts=f"1700000000.{event_id[-4:]}"), event_id=event_id
    )
    ran: list[bool] = []
    started = time.monotonic()
    middleware.process(
        req=BoltRequest(body=body, headers={}, mode="socket_mode"),
        resp=BoltResponse(status=200),
        next=lambda: ran.append(True),  # type: ignore[arg-type,return-value]
    )
    return bool(ran), time.monotonic() - started


def test_hung_claim_still_answers_within_the_deadline_then_skips_claims(
    hung_store: Store, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    middleware = DedupeEvents(hung_store, clock, logging.getLogger("test.dedupe"), deadline=0.3)

    with events_table_locked(database_url), caplog.at_level(logging.WARNING, logger="test.dedupe"):
        first = deliver(middleware, "Ev0001")
        second = deliver(middleware, "Ev0002")

    assert first[0] is True
    assert first[1] < 1.5
    assert second == (True, pytest.approx(0, abs=0.1))
    assert "handling events without retry dedupe for 30 s" in caplog.text


def test_dedupe_resumes_once_the_degraded_window_passes(hung_store: Store, database_url: str) -> None:
    clock = Clock()
    middleware = DedupeEvents(hung_store, clock, logging.getLogger("test.dedupe"), deadline=0.3)
    with events_table_locked(database_url):
        deliver(middleware, "Ev0001")

    clock.now += dt.timedelta(seconds=31)

    assert deliver(middleware, "Ev0003")[0] is True
    assert deliver(middleware, "Ev0003")[0] is False


def test_an_event_handled_without_a_claim_leaves_no_outbox_row(hung_store: Store, database_url: str) -> None:
    clock = Clock()
    middleware = DedupeEvents(hung_store, clock, logging.getLogger("test.dedupe"), deadline=0.3)
    with events_table_locked(database_url):
        deliver(middleware, "Ev0001")  # its claim may still land after the deadline, outbox row and all
        deliver(middleware, "Ev0002")  # no claim tried: degraded
    clock.now += dt.timedelta(seconds=31)
    deliver(middleware, "Ev0003")

    rows = hung_store.pending_replies()
    assert f"message:{p.CHANNEL_ID}:1700000000.0002" not in rows
    assert rows[f"message:{p.CHANNEL_ID}:1700000000.0003"] == (1, False)
