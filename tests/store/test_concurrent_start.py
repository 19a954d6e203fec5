"""Replicas started together on a fresh database all migrate it: none dies on a table another just created."""

from __future__ import annotations

import multiprocessing
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.store import Store, migrate

DEFAULT_TEST_POSTGRES_URL = "postgresql+psycopg://insights:insights@127.0.0.1:5432/insights_test"

REPLICAS = 6
_FORK = multiprocessing.get_context("fork")


def _start_replica(url: str, barrier: object, results: object) -> None:
    """One replica's start-up: build the store, wait for the others, migrate."""
    store = Store.connect(url)
    try:
        barrier.wait(timeout=60)  # type: ignore[attr-defined]
        store.upgrade()
        results.put("ok")  # type: ignore[attr-defined]
    except Exception as exc:
        results.put(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")  # type: ignore[attr-defined]
    finally:
        store.close()


def start_together(url: str) -> list[str]:
    barrier = _FORK.Barrier(REPLICAS)
    results = _FORK.Queue()
    processes = [_FORK.Process(target=_start_replica, args=(url, barrier, results)) for _ in range(REPLICAS)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=90) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    return sorted(outcomes)


@pytest.fixture
def fresh_postgres_database() -> Iterator[str]:
    """A whole new database (not a schema): what a first deployment of several replicas meets."""
    base = os.environ.get("INSIGHTS_TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES_URL)
    admin = create_engine(base, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect():
            pass
    except Exception as exc:
        pytest.skip(f"no PostgreSQL reachable: {exc}")
    name = f"insights_start_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def assert_at_head(url: str) -> None:
    store = Store.connect(url)
    try:
        assert store.revision() == migrate.head_revision()
    finally:
        store.close()


def test_replicas_starting_together_on_sqlite_all_come_up(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'insights.db'}"

    assert start_together(url) == ["ok"] * REPLICAS
    assert_at_head(url)


@pytest.mark.postgres
def test_replicas_starting_together_on_postgresql_all_come_up(fresh_postgres_database: str) -> None:
    assert start_together(fresh_postgres_database) == ["ok"] * REPLICAS
    assert_at_head(fresh_postgres_database)
