"""Alembic environment: runs migrations on the engine the Store passed in, or on the configured database."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine

from bot.store.tables import Base

config = context.config


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if isinstance(engine, Engine):
        return engine
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        from bot.settings import load_settings

        url = load_settings().effective_database_url
    return create_engine(url)


def run_migrations() -> None:
    """On a connection handed in (one holding the migration lock in its open transaction) or a new one."""
    given = config.attributes.get("connection")
    if given is not None:
        _migrate(given)
        return
    with _engine().connect() as connection:
        _migrate(connection)


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()


run_migrations()
