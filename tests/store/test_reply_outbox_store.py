"""The reply outbox in the database: written with the claim, taken over once after its lease, given up once."""

from __future__ import annotations

import datetime as dt
import threading

from bot.store import Store

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(seconds=30)
KEY = "message:C1:1800000000.000100"
KEYS = ["event:Ev1", KEY]
PAYLOAD = '{"question": "vpn"}'


def claim(store: Store, now: dt.datetime = NOW, keys: list[str] = KEYS) -> bool:
    return store.claim_events(keys, now, reply=(KEY, PAYLOAD))


def take(store: Store, now: dt.datetime) -> list[str]:
    return [p.key for p in store.take_over_replies(now, lease=LEASE, max_attempts=3)]


def test_a_won_claim_keeps_the_question_and_a_lost_one_adds_nothing(store):
    assert claim(store) is True
    assert claim(store, keys=["event:Ev2", KEY]) is False  # the DM seen again as another event
    assert store.pending_replies() == {KEY: (1, False)}


def test_an_unanswered_question_is_taken_over_once_its_lease_has_run_out_and_not_before(store):
    claim(store)
    assert take(store, NOW + LEASE - dt.timedelta(seconds=1)) == []
    taken = store.take_over_replies(NOW + LEASE + dt.timedelta(seconds=1), lease=LEASE, max_attempts=3)
    assert [(p.key, p.payload, p.attempt) for p in taken] == [(KEY, PAYLOAD, 2)]
    assert take(store, NOW + LEASE + dt.timedelta(seconds=2)) == []  # the take-over restarted the lease


def test_an_answered_question_is_never_taken_over(store):
    claim(store)
    assert store.mark_replied(KEY, NOW + dt.timedelta(seconds=1)) is True
    assert take(store, NOW + dt.timedelta(days=1)) == []
    assert store.pending_replies() == {KEY: (1, True)}


def test_of_two_stores_racing_for_a_stale_question_exactly_one_takes_it(store, database_url):
    claim(store)
    later = NOW + LEASE * 2
    other = Store.connect(database_url)
    barrier = threading.Barrier(2)
    won: list[list[str]] = []

    def race(contender: Store) -> None:
        barrier.wait()
        won.append(take(contender, later))

    try:
        threads = [threading.Thread(target=race, args=(s,)) for s in (store, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    finally:
        other.close()
    assert sorted(won) == [[], [KEY]]


def test_a_question_past_its_last_attempt_is_given_up_once(store):
    claim(store)
    at = NOW
    for _ in range(2):
        at += LEASE * 2
        assert take(store, at) == [KEY]
    at += LEASE * 2
    assert take(store, at) == []
    assert store.give_up_replies(at, lease=LEASE, max_attempts=3) == [KEY]
    assert store.give_up_replies(at + LEASE * 2, lease=LEASE, max_attempts=3) == []
    assert store.pending_replies() == {KEY: (3, True)}


def test_forgetting_old_event_keys_forgets_their_questions_too(store):
    claim(store)
    assert store.prune_events(NOW + dt.timedelta(days=1)) == 3
    assert store.pending_replies() == {}


def test_an_oversized_payload_is_not_kept(store):
    assert store.claim_events(KEYS, NOW, reply=(KEY, "x" * 10_000)) is True
    assert store.pending_replies() == {}
