"""Subscriptions and the per-channel record of sent articles."""

from __future__ import annotations

import datetime as dt

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def test_subscribing_twice_keeps_one_subscription(store):
    first, created = store.add_subscription("C1", "Security", added_by="U1", now=NOW)
    again, created_again = store.add_subscription("C1", "Security", added_by="U2", now=NOW)
    assert (created, created_again) == (True, False)
    assert again == first
    assert [s.channel_id for s in store.subscriptions()] == ["C1"]


def test_subscription_records_who_added_it_and_when(store):
    subscription, _ = store.add_subscription("C1", "Security", added_by="U1", now=NOW, source="slack")
    assert (subscription.added_by, subscription.added_at, subscription.source) == ("U1", NOW, "slack")


def test_unsubscribed_channel_is_no_longer_listed(store):
    store.add_subscription("C1", "Security", added_by="U1", now=NOW)
    assert store.remove_subscription("C1", "Security", now=NOW) is True
    assert store.remove_subscription("C1", "Security", now=NOW) is False
    assert store.subscriptions() == []
    assert [s.active for s in store.subscriptions(include_removed=True)] == [False]


def test_resubscribing_keeps_the_same_subscription_and_its_history(store):
    original, _ = store.add_subscription("C1", "Security", added_by="U1", now=NOW)
    store.remove_subscription("C1", "Security", now=NOW)
    again, created = store.add_subscription("C1", "Security", added_by="U2", now=NOW + dt.timedelta(hours=1))
    assert created is True
    assert again.id == original.id
    assert again.added_by == "U2"


def test_subscriptions_filter_by_channel_and_category(store):
    store.add_subscription("C1", "Security", added_by=None, now=NOW)
    store.add_subscription("C1", "Leadership", added_by=None, now=NOW)
    store.add_subscription("C2", "Security", added_by=None, now=NOW)
    assert [s.category for s in store.subscriptions(channel_id="C1")] == ["Leadership", "Security"]
    assert [s.channel_id for s in store.subscriptions(category="Security")] == ["C1", "C2"]


def test_permanent_error_marks_the_subscription_failing_until_cleared(store):
    subscription, _ = store.add_subscription("C1", "Security", added_by=None, now=NOW)
    assert store.set_subscription_error(subscription.id, "channel_not_found", now=NOW) is True
    assert store.set_subscription_error(subscription.id, "channel_not_found", now=NOW) is False
    assert store.subscription("C1", "Security").failing
    assert store.set_subscription_error(subscription.id, None, now=NOW) is True
    assert not store.subscription("C1", "Security").failing


def test_sent_articles_remember_the_last_time_each_was_sent(store):
    store.record_sent("C1", ["a", "b"], now=NOW)
    later = NOW + dt.timedelta(days=7)
    store.record_sent("C1", ["b", "c"], now=later)
    assert store.sent_articles("C1") == {"a": NOW, "b": later, "c": later}
    assert store.sent_articles("C2") == {}


def test_subscription_removed_and_restored_within_the_period_keeps_its_place(store):
    start = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    first, _ = store.add_subscription("C1", "Security", added_by="U1", now=start - dt.timedelta(days=9))
    store.remove_subscription("C1", "Security", now=start + dt.timedelta(hours=1))
    back, changed = store.add_subscription(
        "C1", "Security", added_by=None, now=start + dt.timedelta(hours=2), keep_place_since=start
    )
    assert (changed, back.active, back.added_at) == (True, True, first.added_at)


def test_subscription_removed_before_the_period_starts_anew_when_restored(store):
    start = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    store.add_subscription("C1", "Security", added_by="U1", now=start - dt.timedelta(days=9))
    store.remove_subscription("C1", "Security", now=start - dt.timedelta(hours=1))
    later = start + dt.timedelta(hours=2)
    back, _ = store.add_subscription("C1", "Security", added_by="U2", now=later, keep_place_since=start)
    assert back.added_at == later
