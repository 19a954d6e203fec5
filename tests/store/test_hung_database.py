"""A hung database (locked, not down) fails each call within the statement timeout; readiness says so."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.store import Store
from tests.fakes.hung_database import events_table_locked

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
STATEMENT_TIMEOUT = 0.5


@pytest.fixture
def quick_store(database_url: str) -> Iterator[Store]:
    store = Store.connect(database_url, connect_timeout=2, statement_timeout=STATEMENT_TIMEOUT)
    store.upgrade()
    yield store
    store.close()


def finishes_within(seconds: float, call: object) -> tuple[bool, BaseException | None]:
    """Run `call` on a thread; (finished in time, what it raised)."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            call()  # type: ignore[operator]
        except BaseException as exc:
            raised.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    return not worker.is_alive(), (raised[0] if raised else None)


def test_claim_on_a_locked_table_gives_up_within_the_statement_timeout(
    quick_store: Store, database_url
) -> None:
    with events_table_locked(database_url):
        finished, raised = finishes_within(5, lambda: quick_store.claim_events(["event:Ev1"], NOW))

    assert finished
    assert isinstance(raised, OperationalError)
    assert quick_store.claim_events(["event:Ev1"], NOW) is True


POSTGRES_ONLY = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


@POSTGRES_ONLY
def test_readiness_is_false_while_the_database_hangs_and_true_after(quick_store: Store, database_url) -> None:
    assert quick_store.ping(timeout=2) is True
    with events_table_locked(database_url):
        assert quick_store.ping(timeout=0.2) is False
    assert quick_store.ping(timeout=2) is True


def test_readiness_is_false_when_the_database_is_unreachable(tmp_path) -> None:
    store = Store.connect("postgresql+psycopg://nobody:x@127.0.0.1:9/none", connect_timeout=1)
    try:
        assert store.ping(timeout=3) is False
    finally:
        store.close()


@POSTGRES_ONLY
def test_statement_timeout_is_added_to_options_already_in_the_url(database_url: str) -> None:
    store = Store.connect(database_url, statement_timeout=1.5)
    try:
        with store.engine.connect() as connection:
            timeout = connection.execute(text("SHOW statement_timeout")).scalar()
            search_path = connection.execute(text("SHOW search_path")).scalar()
    finally:
        store.close()

    assert timeout == "1500ms"
    assert search_path == make_url(database_url).query["options"].removeprefix("-csearch_path=")
