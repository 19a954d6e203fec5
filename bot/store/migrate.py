"""Alembic, configured in code so `db upgrade` works from an installed wheel, with no alembic.ini on disk needed.

Migrations run under a lock, so any number of replicas may start at once on a fresh database: on PostgreSQL a
transaction-level advisory lock held by the migrating connection (released by its commit, or by the server if
the process dies); on a SQLite file an exclusive `flock` on a `<database>.migrate-lock` file beside it (released
by the kernel if the process dies). Whoever waits then finds the schema at head and changes nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
ADVISORY_LOCK_KEY = 0x1A5_16_475
"""Any fixed 64-bit number; `pg_locks` shows it as objid while a replica migrates."""
MIGRATION_STATEMENT_TIMEOUT = "15min"
"""Migrations (and waiting for another replica's) may outlast the request-sized DATABASE_STATEMENT_TIMEOUT."""


def alembic_config(engine: Engine, connection: Connection | None = None) -> Config:
    """The engine (or an open connection) travels in `attributes`, so env.py reuses it instead of reading a URL."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Migrate under the lock and return the revision before and after, both read while holding it: read
    outside, a replica migrating at that moment would make the read wait on its write lock."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text(f"SET LOCAL statement_timeout = '{MIGRATION_STATEMENT_TIMEOUT}'"))
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
            before = MigrationContext.configure(connection).get_current_revision()
            command.upgrade(alembic_config(engine, connection), revision)
            return before, MigrationContext.configure(connection).get_current_revision()
    with _file_lock(engine):
        before = current_revision(engine)
        command.upgrade(alembic_config(engine), revision)
        return before, current_revision(engine)


@contextlib.contextmanager
def _file_lock(engine: Engine) -> Iterator[None]:
    """An exclusive lock beside a SQLite file; in-memory databases (one process) need none."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    import fcntl

    lock_path = Path(database).expanduser().with_name(Path(database).name + ".migrate-lock")
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
