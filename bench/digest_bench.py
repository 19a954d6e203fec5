"""Digest benchmark: posting to many subscribed channels against the fake Slack server in pace mode.

Run: .venv/bin/python -m bench digest [--channels 1000] [--refill 50] [--burst 50]

The fake enforces Slack's chat.postMessage pace (one message per second per channel, and a workspace bucket
of `--burst` messages refilled at `--refill` per second; past it: 429 + Retry-After). Slack does not publish
the workspace figure; the default refill of 50/s keeps each scenario to ~20 s (at 20/s it takes ~50 s, and
the relative picture is the same). Side by side, in one run:

  naive             a plain WebClient loop (slack_sdk default: no 429 retry), no database
  naive+retry       the same loop with slack_sdk's RateLimitErrorRetryHandler, no database
  naive+retry x2    that loop on two replicas at once (what a second replica or a re-run does)
  runner sqlite     our DigestRunner (claims in SQLite, metadata tags), one process
  runner ... x2     two DigestRunners racing in threads on one database (PostgreSQL when reachable)

For each: wall time of the posting itself (subscriptions are created beforehand, untimed), Web API calls (and how many were 429s), messages posted, duplicates (channels with more
than one) and losses (channels with none). Runners are re-run as scheduler ticks (clock moved 5 minutes)
until nothing is left to retry; the number of ticks is reported.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy import create_engine, text

from bot.core.catalog import load_catalog
from bot.core.digest import Schedule
from bot.digests import DigestConfig, DigestRunner, RunReport
from bot.slack.digest_poster import SlackPoster
from bot.slack.web_client import build_web_client
from bot.store import Store
from bot.testing.fake_slack import FakeSlack

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
PG_URL = os.environ.get(
    "INSIGHTS_TEST_POSTGRES_URL", "postgresql+psycopg://insights:insights@127.0.0.1:5432/insights_test"
)
START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
MAX_TICKS = 20


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


def channels(count: int) -> list[str]:
    return [f"C{index:07d}" for index in range(count)]


def tally(slack: FakeSlack, wanted: list[str]) -> dict[str, object]:
    per_channel = Counter(str(message["channel"]) for message in slack.posted())
    statuses = Counter(call.method for call in slack.calls)
    posts = slack.calls_to("chat.postMessage")
    return {
        "calls": len(slack.calls),
        "posts_tried": len(posts),
        "history": statuses.get("conversations.history", 0),
        "posted": sum(per_channel.values()),
        "duplicates": sum(1 for channel in wanted if per_channel[channel] > 1),
        "losses": sum(1 for channel in wanted if per_channel[channel] == 0),
    }


def naive(slack: FakeSlack, wanted: list[str], *, retry: bool, replicas: int = 1) -> dict[str, object]:
    def loop() -> None:
        client = WebClient(token="xoxb-bench", base_url=slack.api_url)
        if retry:
            client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
        for channel in wanted:
            with contextlib.suppress(SlackApiError):
                client.chat_postMessage(channel=channel, text="digest")

    threads = [threading.Thread(target=loop) for _ in range(replicas)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"ticks": 1}


def fresh_database(kind: str, folder: Path) -> tuple[str, Callable[[], None]]:
    if kind == "sqlite":
        return f"sqlite:///{folder / f'bench-{time.monotonic_ns()}.db'}", lambda: None
    schema = f"bench_{time.monotonic_ns()}"
    admin = create_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return f"{PG_URL}?options=-csearch_path%3D{schema}", drop


def runners(slack: FakeSlack, wanted: list[str], url: str, replicas: int) -> dict[str, object]:
    catalog = load_catalog(CONTENT_DIR)
    setup = Store.connect(url)
    setup.upgrade()
    setup.mark_seen([a.slug for a in catalog.articles], START - dt.timedelta(days=30))
    categories = [c.name for c in catalog.categories]
    for index, channel in enumerate(wanted):
        setup.add_subscription(channel, categories[index % len(categories)], added_by="UBENCH", now=START)
    setup.close()
    clock = Clock()
    config = DigestConfig(Schedule.parse("0 9 * * mon", "UTC"))
    stores = [Store.connect(url) for _ in range(replicas)]
    workers = [
        DigestRunner(
            store,
            SlackPoster(build_web_client("xoxb-bench", slack.api_url)),
            lambda: catalog,
            config,
            clock=clock,
        )
        for store in stores
    ]
    outcomes: Counter[str] = Counter()
    ticks = 0
    started = time.perf_counter()
    while ticks < MAX_TICKS:
        ticks += 1
        reports: list[RunReport] = []
        threads = [threading.Thread(target=_run_into, args=(worker, reports)) for worker in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        tick_outcomes: Counter[str] = Counter(  # what this tick did, not what earlier ticks recorded
            result.outcome.value
            for report in reports
            for result in report.results
            if not result.earlier and result.outcome.value != "in_progress"
        )
        outcomes.update(tick_outcomes)
        if not tick_outcomes.get("failed"):
            break
        clock.now += dt.timedelta(minutes=5)
    elapsed = time.perf_counter() - started
    for store in stores:
        store.close()
    return {"ticks": ticks, "outcomes": dict(outcomes), "seconds": round(elapsed, 1)}


def _run_into(worker: DigestRunner, reports: list[RunReport]) -> None:
    reports.append(worker.run_due())


def postgres_reachable() -> bool:
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 2})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


def scenario(
    name: str, count: int, refill: float, burst: int, body: Callable[[FakeSlack, list[str]], dict]
) -> dict:
    wanted = channels(count)
    with FakeSlack() as slack:
        slack.pace(per_channel_seconds=1.0, burst=burst, refill_per_second=refill)
        started = time.perf_counter()
        extra = body(slack, wanted)
        elapsed = time.perf_counter() - started
        row = {"scenario": name, "seconds": round(elapsed, 1), **tally(slack, wanted), **extra}
    rate_limited = row["posts_tried"] - row["posted"]
    print(
        f"{name:<22} {row['seconds']:>7}s  calls {row['calls']:>5} (posts tried {row['posts_tried']:>5}, "
        f"429/errors {rate_limited:>4}, history {row['history']:>3})  posted {row['posted']:>5}  "
        f"duplicates {row['duplicates']}  losses {row['losses']}  ticks {row['ticks']}",
        flush=True,
    )
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench digest", description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--refill", type=float, default=50.0, help="workspace messages per second")
    parser.add_argument("--burst", type=int, default=50, help="workspace burst before 429s")
    args = parser.parse_args(argv)
    print(
        f"{args.channels} channels, pace: 1 msg/s/channel, workspace burst {args.burst}, refill {args.refill}/s",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        plans: list[tuple[str, Callable[[FakeSlack, list[str]], dict]]] = [
            ("naive", lambda s, w: naive(s, w, retry=False)),
            ("naive+retry", lambda s, w: naive(s, w, retry=True)),
            ("naive+retry x2", lambda s, w: naive(s, w, retry=True, replicas=2)),
        ]
        shared = "postgresql" if postgres_reachable() else "sqlite"
        for kind, replicas in (("sqlite", 1), (shared, 2)):
            label = f"runner {kind}" + (" x2" if replicas == 2 else "")

            def body(slack: FakeSlack, wanted: list[str], kind: str = kind, replicas: int = replicas) -> dict:
                url, drop = fresh_database(kind, base)
                try:
                    return runners(slack, wanted, url, replicas)
                finally:
                    drop()

            plans.append((label, body))
        if shared != "postgresql":
            print("(PostgreSQL not reachable: the two-replica runner scenario uses SQLite)")
        for name, body in plans:
            scenario(name, args.channels, args.refill, args.burst, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
