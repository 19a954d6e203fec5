"""The digest claim: one winner per (subscription, period); take-overs only of failed or abandoned claims."""

from __future__ import annotations

import datetime as dt
import threading

from bot.store import RunState, Store

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(minutes=15)
PERIOD = "2026-11-23T09:00Z"


def _subscription(store: Store) -> int:
    return store.add_subscription("C1", "Security", added_by="U1", now=NOW)[0].id


def test_period_is_claimed_once(store):
    sub = _subscription(store)
    assert store.claim_run(sub, PERIOD, owner="a", now=NOW, lease=LEASE) is not None
    assert store.claim_run(sub, PERIOD, owner="b", now=NOW, lease=LEASE) is None


def test_posted_period_is_never_claimed_again(store):
    sub = _subscription(store)
    claim = store.claim_run(sub, PERIOD, owner="a", now=NOW, lease=LEASE)
    assert store.finish_run(claim, RunState.POSTED, now=NOW, message_ts="1.2") is True
    assert store.claim_run(sub, PERIOD, owner="b", now=NOW + dt.timedelta(days=1), lease=LEASE) is None
    assert store.run(sub, PERIOD).message_ts == "1.2"


def test_transient_failure_can_be_retried_once_by_one_contender(store):
    sub = _subscription(store)
    claim = store.claim_run(sub, PERIOD, owner="a", now=NOW, lease=LEASE)
    store.finish_run(claim, RunState.FAILED, now=NOW, error="ratelimited")
    retry = store.claim_run(sub, PERIOD, owner="b", now=NOW, lease=LEASE)
    assert retry is not None
    assert retry.resumed
    assert retry.attempt == 2
    assert store.claim_run(sub, PERIOD, owner="c", now=NOW, lease=LEASE) is None


def test_permanent_failure_is_not_retried_in_the_same_period(store):
    sub = _subscription(store)
    claim = store.claim_run(sub, PERIOD, owner="a", now=NOW, lease=LEASE)
    store.finish_run(claim, RunState.FAILED, now=NOW, error="channel_not_found", permanent=True)
    assert store.claim_run(sub, PERIOD, owner="b", now=NOW, lease=LEASE) is None


def test_abandoned_claim_is_taken_over_only_after_the_lease(store):
    sub = _subscription(store)
    store.claim_run(sub, PERIOD, owner="dead", now=NOW, lease=LEASE)
    assert store.claim_run(sub, PERIOD, owner="b", now=NOW + LEASE / 2, lease=LEASE) is None
    takeover = store.claim_run(sub, PERIOD, owner="b", now=NOW + LEASE, lease=LEASE)
    assert takeover is not None
    assert takeover.resumed


def test_owner_that_lost_its_claim_cannot_record_an_outcome(store):
    sub = _subscription(store)
    slow = store.claim_run(sub, PERIOD, owner="slow", now=NOW, lease=LEASE)
    store.claim_run(sub, PERIOD, owner="b", now=NOW + LEASE, lease=LEASE)
    assert store.still_holds(slow) is False
    assert store.finish_run(slow, RunState.POSTED, now=NOW + LEASE, message_ts="9.9") is False


def test_forced_resend_gets_its_own_sequence_beside_the_original(store):
    sub = _subscription(store)
    claim = store.claim_run(sub, PERIOD, owner="a", now=NOW, lease=LEASE)
    store.finish_run(claim, RunState.POSTED, now=NOW, message_ts="1.1")
    forced = store.claim_forced(sub, PERIOD, owner="a", now=NOW)
    assert forced.sequence == 1
    assert [run.sequence for run in store.runs(subscription_id=sub)] == [0, 1]


def test_missed_period_is_recorded_once_and_blocks_a_late_post(store):
    sub = _subscription(store)
    assert store.record_missed(sub, PERIOD, now=NOW) is True
    assert store.record_missed(sub, PERIOD, now=NOW) is False
    assert store.claim_run(sub, PERIOD, owner="a", now=NOW, lease=LEASE) is None
    assert store.run(sub, PERIOD).state is RunState.MISSED


def test_last_posted_time_is_when_the_posted_digest_was_claimed(store):
    sub = _subscription(store)
    assert store.last_posted_at(sub) is None
    claim = store.claim_run(sub, PERIOD, owner="a", now=NOW, lease=LEASE)
    store.finish_run(claim, RunState.POSTED, now=NOW + dt.timedelta(seconds=3), message_ts="1.1")
    assert store.last_posted_at(sub) == NOW


def test_racing_claimers_on_separate_connections_have_exactly_one_winner(store, database_url):
    sub = _subscription(store)
    stores = [Store.connect(database_url) for _ in range(8)]
    barrier = threading.Barrier(len(stores))
    wins: list[str] = []

    def contend(index: int) -> None:
        barrier.wait()
        if stores[index].claim_run(sub, PERIOD, owner=f"p{index}", now=NOW, lease=LEASE) is not None:
            wins.append(f"p{index}")

    threads = [threading.Thread(target=contend, args=(i,)) for i in range(len(stores))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for each in stores:
        each.close()
    assert len(wins) == 1
