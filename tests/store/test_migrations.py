"""The schema comes from Alembic; upgrading keeps what is already stored."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from bot.store import Store, migrate

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def test_upgrade_brings_an_empty_database_to_head(database_url):
    store = Store.connect(database_url)
    try:
        store.upgrade()
        assert store.revision() == migrate.head_revision()
    finally:
        store.close()


def test_upgrade_twice_changes_nothing(store):
    store.add_subscription("C1", "Security", added_by="U1", now=NOW)
    store.upgrade()
    assert [s.category for s in store.subscriptions()] == ["Security"]


def test_upgrade_from_the_first_revision_keeps_subscriptions_and_history(database_url):
    store = Store.connect(database_url)
    try:
        migrate.upgrade(store.engine, "0001")
        with store.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO subscriptions (channel_id, category, added_by, added_at, source)"
                    " VALUES ('C1', 'Security', 'U1', '2026-11-01 09:00:00', 'slack')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO digest_runs (subscription_id, period, sequence, state, attempts, claimed_at,"
                    " permanent) VALUES (1, '2026-11-02T09:00Z', 0, 'posted', 1, '2026-11-02 09:00:00', false)"
                )
            )
        store.upgrade()
        assert [s.channel_id for s in store.subscriptions()] == ["C1"]
        assert [run.period for run in store.runs()] == ["2026-11-02T09:00Z"]
        assert store.claim_event("Ev1", NOW) is True
    finally:
        store.close()
