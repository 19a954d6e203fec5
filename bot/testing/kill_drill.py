"""The kill drill: traffic through nginx while a replica is SIGKILLed and restarted, then a digest while the
scheduler is SIGKILLed and restarted; the tally of lost and duplicate replies and digests.

Used by `tests/deploy/test_kill_drill.py` (short) and `bench/deploy_bench.py` (longer, with latencies).
"""

from __future__ import annotations

import datetime as dt
import json
import signal
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass

from bot.testing.cluster import Cluster, Proc
from bot.testing.fake_slack import Call, FakeSlack
from bot.testing.slack_traffic import CHANNEL, Traffic

DIGEST_CHANNEL = "C0DIGEST1"
QUESTIONS = ("kubernetes", "vpn", "security", "gitops", "on-call", "postgres backups")
REPLY_LEASE_SECONDS = 5.0
"""The drill's REPLY_LEASE_SECONDS: a mention the killed replica claimed is answered by the other one after it
(a reply normally goes out in well under a second here, so five is still far above the slowest)."""
REPLICA_ENV = {"REPLY_LEASE_SECONDS": f"{REPLY_LEASE_SECONDS:g}"}
SETTLE_SECONDS = REPLY_LEASE_SECONDS + 15.0
"""How long counting waits for replies: the lease, a sweep (at most half a lease later), and a margin."""
HELD_REPLIES = 4
HELD_SECONDS = 1.5
"""Just before the kill, the fake Slack holds the next few threaded replies this long, so the victim dies
with replies in flight whatever the timing: Slack keeps them, the victim never records them, and the
sweeper must find them in the thread rather than post them again."""
SWEPT_LINES = {"recovered": "for a replica that stopped", "found": "was already in Slack"}


@dataclass
class Tally:
    requests: int
    lost_replies: int
    lost_by_kind: dict[str, int]
    duplicate_replies: int
    unacked: int
    digests_posted: int
    duplicate_digests: int
    latencies: list[float]

    def line(self) -> str:
        q = sorted(self.latencies) or [0.0]
        p95 = q[min(len(q) - 1, int(len(q) * 0.95))]
        return (
            f"{self.requests} requests: {self.lost_replies} lost replies {self.lost_by_kind or ''}, "
            f"{self.duplicate_replies} duplicate "
            f"replies, {self.unacked} never acked; digests posted {self.digests_posted}, duplicate digests "
            f"{self.duplicate_digests}; ack latency median {statistics.median(q) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {q[-1] * 1000:.0f} ms"
        )


def start_clients(pool: Executor, traffic: Traffic, stop: threading.Event, clients: int = 2) -> None:
    """`clients` loops sending mentions and slash commands alternately until `stop` is set."""

    def client(offset: int) -> None:
        n = offset
        while not stop.is_set():
            question = QUESTIONS[n % len(QUESTIONS)]
            traffic.mention(question) if n % 2 else traffic.command(question)
            n += 1

    for offset in range(clients):
        pool.submit(client, offset)


def send_through_kill(
    cluster: Cluster, traffic: Traffic, *, seconds: float, kill_at: float, down: float
) -> None:
    """Two clients send (mentions and commands, alternately) while replica 0 is killed at `kill_at` and
    started again `down` seconds later."""
    stop = threading.Event()

    with ThreadPoolExecutor(max_workers=2) as pool:
        start_clients(pool, traffic, stop)
        start = time.monotonic()
        time.sleep(kill_at)
        victim = cluster.replicas[0]
        kill_with_replies_in_flight(victim, traffic.slack)
        time.sleep(down)
        victim.start()
        victim.wait_healthy()
        time.sleep(max(0.0, seconds - (time.monotonic() - start)))
        stop.set()


def kill_with_replies_in_flight(victim: Proc, fake: FakeSlack) -> None:
    """SIGKILL `victim` while the fake Slack holds the next threaded replies (`HELD_SECONDS`)."""
    fake.delay("chat.postMessage", HELD_SECONDS, times=HELD_REPLIES, channel=CHANNEL)
    time.sleep(HELD_SECONDS / 3)
    victim.kill(signal.SIGKILL)


def settle(traffic: Traffic, timeout: float = SETTLE_SECONDS) -> None:
    """Wait until every acked request has its reply, or `timeout` (a lost reply never arrives). Replies a
    killed replica owed arrive one lease after their claim, from the other replica's sweeper."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(traffic.replies(s) >= 1 for s in traffic.sent if s.acked):
            return
        time.sleep(0.1)


def digest_through_kill(cluster: Cluster, fake: FakeSlack, timeout: float = 60.0) -> None:
    """Start the scheduler, SIGKILL it while its digest post is in flight (the fake holds it 3 s), start it
    again, and stop it with SIGTERM once the first post has landed and the new process has run its tick."""
    fake.delay("chat.postMessage", 3.0, times=1, channel=DIGEST_CHANNEL)
    scheduler = cluster.scheduler
    assert scheduler is not None
    scheduler.start()
    _until(lambda: any(_to_digest_channel(c) for c in fake.calls), timeout, scheduler)
    scheduler.kill(signal.SIGKILL)
    scheduler.start()
    _until(lambda: "digest scheduler running" in scheduler.log_tail(100_000), timeout, scheduler)
    _until(lambda: fake.posted(DIGEST_CHANNEL), timeout, scheduler)
    time.sleep(1.0)  # the restarted scheduler's first tick starts at once; SIGTERM then waits for it to end
    scheduler.kill(signal.SIGTERM)


def _to_digest_channel(call: Call) -> bool:
    return call.method == "chat.postMessage" and call.params.get("channel") == DIGEST_CHANNEL


def _until(condition: Callable[[], object], timeout: float, proc: Proc) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise RuntimeError(f"timed out; last log: {proc.log_tail()}")


def tally(traffic: Traffic) -> Tally:
    replies = [(s, traffic.replies(s)) for s in traffic.sent]
    digests = Counter(
        json.dumps((m.get("metadata") or {}).get("event_payload"), sort_keys=True)
        for m in traffic.slack.posted(DIGEST_CHANNEL)
    )
    return Tally(
        requests=len(replies),
        lost_replies=sum(1 for _, n in replies if n == 0),
        lost_by_kind=dict(Counter(s.kind for s, n in replies if n == 0)),
        duplicate_replies=sum(n - 1 for _, n in replies if n > 1),
        unacked=sum(1 for s, _ in replies if not s.acked),
        digests_posted=sum(digests.values()),
        duplicate_digests=sum(n - 1 for n in digests.values()),
        latencies=[s.latency for s in traffic.sent if s.acked],
    )


def swept(cluster: Cluster) -> dict[str, int]:
    """What the replicas' sweepers did for the killed one, from their logs: replies posted (`recovered`) and
    replies found already in the thread (`found`)."""
    logs = [replica.logs() for replica in cluster.replicas]
    return {outcome: sum(log.count(line) for log in logs) for outcome, line in SWEPT_LINES.items()}


def subscribe_digest(database_url: str, category: str) -> None:
    """A subscription old enough to be due in the current period of an every-minute schedule."""
    from bot.store import Store

    store = Store.connect(database_url)
    try:
        store.add_subscription(
            DIGEST_CHANNEL, category, added_by=None, now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        )
    finally:
        store.close()
