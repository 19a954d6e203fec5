"""Several schedulers (separate connections, as separate replicas would have) racing on one database."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

from bot.store import Store

from .world import MONDAY_9, RecordingPoster, make_runner

CHANNELS = [f"C{i:03d}" for i in range(30)]


def _race(
    database_url: str, catalog, clock, contenders: int, *, manual_send: bool = False
) -> RecordingPoster:
    poster = RecordingPoster()
    stores = [Store.connect(database_url) for _ in range(contenders)]
    runners = [make_runner(store, poster, catalog, clock) for store in stores]
    barrier = threading.Barrier(contenders)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        barrier.wait()
        try:
            runners[index].run_due() if index or not manual_send else runners[index].send()
        except BaseException as exc:  # surfaced below, in the test's own thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()
    assert errors == []
    return poster


def test_two_schedulers_racing_post_each_digest_exactly_once(store, database_url, catalog, clock):
    for channel in CHANNELS:
        store.add_subscription(channel, "Security", added_by="U1", now=MONDAY_9 - dt.timedelta(days=1))
    poster = _race(database_url, catalog, clock, contenders=2)
    assert Counter(poster.channels()) == Counter(dict.fromkeys(CHANNELS, 1))


def test_four_schedulers_and_a_manual_send_post_each_digest_exactly_once(store, database_url, catalog, clock):
    for channel in CHANNELS:
        store.add_subscription(channel, "Security", added_by="U1", now=MONDAY_9 - dt.timedelta(days=1))
    poster = _race(database_url, catalog, clock, contenders=5, manual_send=True)
    assert Counter(poster.channels()) == Counter(dict.fromkeys(CHANNELS, 1))
    assert len(store.runs()) == len(CHANNELS)
