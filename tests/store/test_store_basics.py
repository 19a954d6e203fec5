"""Event claims, feedback, unanswered queries and first-seen times, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.store import Store, UnsupportedDatabase
from bot.store.store import BASELINE_SEEN_AT

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def test_event_key_is_claimed_only_the_first_time(store):
    assert store.claim_event("Ev123", NOW) is True
    assert store.claim_event("Ev123", NOW + dt.timedelta(seconds=5)) is False


def test_event_claim_is_shared_between_two_store_instances(store, database_url):
    other = Store.connect(database_url)
    try:
        assert store.claim_event("Ev1", NOW) is True
        assert other.claim_event("Ev1", NOW) is False
    finally:
        other.close()


def test_pruned_event_keys_can_be_claimed_again(store):
    store.claim_event("old", NOW - dt.timedelta(days=2))
    store.claim_event("new", NOW)
    assert store.prune_events(NOW - dt.timedelta(days=1)) == 1
    assert store.claim_event("old", NOW) is True
    assert store.claim_event("new", NOW) is False


def test_feedback_is_counted_per_article(store):
    store.record_feedback(slug="a", query="tokens", user_id="U1", helpful=True, now=NOW)
    store.record_feedback(slug="a", query="tokens", user_id="U2", helpful=False, now=NOW)
    store.record_feedback(slug="a", query="jwt", user_id="U3", helpful=True, now=NOW)
    assert store.feedback_counts() == {"a": (2, 1)}


def test_unanswered_queries_are_kept_in_order(store):
    store.record_unanswered(query="first", user_id="U1", channel_id=None, now=NOW)
    store.record_unanswered(query="second", user_id=None, channel_id="C1", now=NOW + dt.timedelta(hours=1))
    assert [query for query, _ in store.unanswered()] == ["first", "second"]
    assert [query for query, _ in store.unanswered(since=NOW + dt.timedelta(minutes=1))] == ["second"]


def test_the_first_catalog_ever_seen_is_the_baseline_not_news(store):
    assert store.mark_seen(["a", "b"], NOW) == {"a": BASELINE_SEEN_AT, "b": BASELINE_SEEN_AT}
    assert store.mark_seen(["c"], NOW) == {"c": NOW}


def test_first_seen_time_never_moves_forward(store):
    store.mark_seen(["baseline"], NOW)
    store.mark_seen(["a"], NOW)
    seen = store.mark_seen(["a", "b"], NOW + dt.timedelta(days=1))
    assert seen == {"a": NOW, "b": NOW + dt.timedelta(days=1)}
    assert store.first_seen() == {**seen, "baseline": BASELINE_SEEN_AT}


def test_times_come_back_as_aware_utc(store):
    paris = dt.timezone(dt.timedelta(hours=1))
    store.mark_seen(["baseline"], NOW)
    store.mark_seen(["a"], dt.datetime(2026, 11, 23, 10, 0, tzinfo=paris))
    assert store.first_seen()["a"] == NOW
    assert store.first_seen()["a"].tzinfo is dt.UTC


def test_naive_datetime_is_refused(store):
    with pytest.raises(Exception, match="naive datetime"):
        store.mark_seen(["a"], dt.datetime(2026, 11, 23, 9, 0))


def test_unsupported_database_url_is_named_in_the_error():
    with pytest.raises(UnsupportedDatabase, match="mysql"):
        Store.connect("mysql://localhost/insights")


def test_repr_hides_the_database_password():
    store = Store.connect("postgresql+psycopg://insights:s3cret@127.0.0.1:5432/insights")
    assert "s3cret" not in repr(store)
