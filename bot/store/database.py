"""Engine construction and the one portable "insert unless it exists" the store's claims are built on."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Table, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine, make_url

from bot.errors import UnsupportedDatabase

DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_STATEMENT_TIMEOUT = 2.0


def build_engine(
    url: str,
    *,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT,
) -> Engine:
    """An engine whose every wait is bounded, so a hung database fails requests quickly instead of piling them up.

    PostgreSQL: libpq's `connect_timeout` (whole seconds) and a server-side `statement_timeout` sent as a
    connection option (added to any `options` the URL already has); waiting for a pooled connection is bounded
    by the connect timeout too. SQLite: the busy timeout (how long a writer waits for another's lock) is the
    statement timeout, and WAL lets readers and one writer work at once across processes.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": statement_timeout})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if backend == "postgresql":
        given = parsed.query.get("options", "")
        options = " ".join(
            [*(given if isinstance(given, tuple) else [given]), _pg_statement_timeout(statement_timeout)]
        )
        return create_engine(
            url,
            pool_pre_ping=True,
            pool_timeout=connect_timeout,
            connect_args={"connect_timeout": max(1, math.ceil(connect_timeout)), "options": options.strip()},
        )
    raise UnsupportedDatabase(f"DATABASE_URL uses {backend!r}; use sqlite:/// or postgresql+psycopg://")


def _pg_statement_timeout(seconds: float) -> str:
    return f"-c statement_timeout={max(1, round(seconds * 1000))}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _insert_ignoring(connection: Connection, table: Table) -> Any:
    dialect = connection.dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    raise UnsupportedDatabase(f"no conflict-free insert for {dialect!r}")


def insert_ignoring_conflicts(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert rows whose key is new; returns how many went in. Never raises for a duplicate key.

    RETURNING, not `rowcount`: psycopg reports -1 for an INSERT ... ON CONFLICT DO NOTHING.
    """
    if not rows:
        return 0
    statement = _insert_ignoring(connection, table).returning(*table.primary_key.columns)
    return sum(connection.execute(statement.values(**row)).first() is not None for row in rows)


def insert_returning_id(connection: Connection, table: Table, row: Mapping[str, Any]) -> int | None:
    """The new row's `id`, or None when its unique key was already taken (the claim went to someone else)."""
    statement = _insert_ignoring(connection, table).returning(table.c.id)
    return connection.execute(statement.values(**row)).scalar()


def insert_all_ignoring_conflicts(
    connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]
) -> None:
    """One multi-row statement, for bulk writes where nobody needs to know which rows were new."""
    if rows:
        connection.execute(_insert_ignoring(connection, table).values(list(rows)))
