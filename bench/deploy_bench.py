"""Deployment benchmark: the kill drill of tests/deploy, longer, with several kills and ack latencies.

Run: INSIGHTS_TEST_POSTGRES_URL=postgresql+psycopg://insights:insights@127.0.0.1:5432/insights_test \\
     .venv/bin/python -m bench deploy [--seconds 60] [--kills 3] [--down 3]

Two `insights-bot serve` replicas behind nginx on a fresh PostgreSQL database, the fake Slack, two clients
sending signed mentions and slash commands (mentions retried the way Slack retries). Replica 0 is SIGKILLed
`--kills` times (with threaded replies held in flight by the fake Slack), each time kept down `--down` seconds,
then started again; the other replica's reply sweeper answers what it owed (REPLY_LEASE_SECONDS=5). Then the scheduler is SIGKILLed
while its digest is being posted, and restarted. Reported: lost and duplicate replies, requests never acked,
digests posted and duplicated, and ack latency (first send to final 200, retries included), overall and for
the requests sent within 5 s after a kill.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bot.live_catalog import LiveCatalog
from bot.testing.cluster import CHECKOUT_CONTENT, Cluster, drop_database, fresh_database, nginx_available
from bot.testing.fake_slack import FakeSlack
from bot.testing.kill_drill import (
    REPLICA_ENV,
    digest_through_kill,
    kill_with_replies_in_flight,
    settle,
    start_clients,
    subscribe_digest,
    swept,
    tally,
)
from bot.testing.slack_traffic import Traffic

SIGNING_SECRET = "deploy-bench-signing-secret-0001"


def drive(cluster: Cluster, traffic: Traffic, seconds: float, kills: int, down: float) -> list[float]:
    """Traffic for `seconds`, with `kills` evenly spaced SIGKILLs of replica 0; the kill times."""
    stop = threading.Event()
    killed_at: list[float] = []

    with ThreadPoolExecutor(max_workers=2) as pool:
        start_clients(pool, traffic, stop)
        start = time.monotonic()
        for k in range(kills):
            time.sleep(max(0.0, start + seconds * (k + 1) / (kills + 1) - time.monotonic()))
            killed_at.append(time.perf_counter())
            kill_with_replies_in_flight(cluster.replicas[0], traffic.slack)
            time.sleep(down)
            cluster.replicas[0].start()
            cluster.replicas[0].wait_healthy()
        time.sleep(max(0.0, start + seconds - time.monotonic()))
        stop.set()
    return killed_at


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values) or [0.0]
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench deploy")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--down", type=float, default=3.0)
    args = parser.parse_args(argv)
    admin = os.environ.get("INSIGHTS_TEST_POSTGRES_URL")
    if not admin or not nginx_available():
        print(
            "skipped: needs INSIGHTS_TEST_POSTGRES_URL and nginx (apt-get install nginx-light)",
            file=sys.stderr,
        )
        return 0
    fake = FakeSlack().start()
    url, name = fresh_database(admin)
    with tempfile.TemporaryDirectory() as folder:
        cluster = Cluster(Path(folder), url, fake.api_url, dict(os.environ))
        try:
            cluster.start(
                SIGNING_SECRET,
                scheduler_env={"DIGEST_SCHEDULE": "* * * * *", "DIGEST_POST_EMPTY": "true"},
                replica_env=REPLICA_ENV,
            )
            traffic = Traffic(cluster.nginx.url if cluster.nginx else "", SIGNING_SECRET, fake)
            killed_at = drive(cluster, traffic, args.seconds, args.kills, args.down)
            settle(traffic)
            subscribe_digest(url, LiveCatalog(CHECKOUT_CONTENT).current.catalog.categories[0].name)
            digest_through_kill(cluster, fake)
            report(traffic, killed_at, args)
            print(f"reply sweepers, for the killed replica: {swept(cluster)}")
        finally:
            cluster.stop()
            drop_database(admin, name)
            fake.stop()
    return 0


def report(traffic: Traffic, killed_at: list[float], args: argparse.Namespace) -> None:
    result = tally(traffic)
    print(
        f"{args.seconds:.0f} s of traffic, {args.kills} SIGKILLs of one of two replicas, {args.down:.0f} s down each"
    )
    print(result.line())
    near = [s.latency for s in traffic.sent if s.acked and any(0 <= s.sent_at - k < 5 for k in killed_at)]
    if near:
        print(
            f"within 5 s after a kill: {len(near)} requests, median {statistics.median(near) * 1000:.0f} ms, "
            f"p95 {percentile(near, 0.95) * 1000:.0f} ms, max {max(near) * 1000:.0f} ms"
        )
    retried = sum(1 for s in traffic.sent if s.attempts > 1)
    print(f"mention deliveries retried: {retried}")
