"""Analytics at scale: a year of recorded questions (1,000,000 by default), then `report gaps` timed.

Targets (issue 10): `report gaps --since 30d` under 10 s on SQLite and on PostgreSQL; recording adds under
1 ms p99 to a reply (the recorder's enqueue, measured while its writer is busy inserting).

    python -m bench report [--rows N] [--postgres URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.analytics import Recorder, UserKeys
from bot.analytics.privacy import normalise
from bot.analytics.recorder import Asked
from bot.analytics.reports import Reports
from bot.live_catalog import LiveCatalog
from bot.store import Store

CONTENT = Path(__file__).resolve().parent.parent / "content"
NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
TOPICS = 4000
USERS = 5000
TIERS = ("answer",) * 6 + ("tentative",) * 2 + ("none",) * 2
_LETTERS = random.Random(3)
WORDS = [
    "".join(_LETTERS.choice("bcdfghklmnprstvz") + _LETTERS.choice("aeiou") for _ in range(3))
    for _ in range(3000)
]
PREFIXES = ("how do i", "how to", "where is", "", "what is the way to")


def wording(topic: int, variant: int) -> str:
    rng = random.Random(topic)
    core = " ".join(rng.sample(WORDS, 3))
    return f"{PREFIXES[variant % len(PREFIXES)]} {core}".strip()


def fill(store: Store, rows: int, batch: int = 20_000) -> float:
    rng = random.Random(7)
    keys = UserKeys(salt="bench")
    users = [keys.key(f"U{n:06d}") for n in range(USERS)]
    started = time.perf_counter()
    pending = []
    for number in range(rows):
        topic = int(TOPICS * rng.random() ** 3)  # a few topics asked often, most rarely
        question = wording(topic, rng.randrange(3))
        tier = TIERS[rng.randrange(len(TIERS))]
        pending.append(
            {
                "asked_at": NOW - dt.timedelta(seconds=rng.randrange(365 * 86400)),
                "surface": "mention",
                "text": question,
                "norm": normalise(question),
                "category": None,
                "tier": tier,
                "top_slug": None,
                "top_score": None,
                "user_key": users[rng.randrange(USERS)],
            }
        )
        if len(pending) == batch or number == rows - 1:
            store.insert_analytics(pending, [])
            pending = []
    return time.perf_counter() - started


def time_gaps(store: Store, catalog: LiveCatalog) -> tuple[float, float, int]:
    reports = Reports(store, catalog, clock=lambda: NOW)
    started = time.perf_counter()
    top = reports.gaps(since=dt.timedelta(days=30), limit=50)
    limited = time.perf_counter() - started
    started = time.perf_counter()
    every = reports.gaps(since=dt.timedelta(days=30))
    return limited, time.perf_counter() - started, len(every) if top else 0


def recording_p99(store: Store, calls: int = 20_000) -> tuple[float, float]:
    recorder = Recorder(store, UserKeys())
    asked = Asked("mention", "how do i rotate the vpn keys", "none", None, None, None)
    costs = []
    for number in range(calls):
        started = time.perf_counter()
        recorder.question(asked, user_id=f"U{number % 50}", now=NOW)
        costs.append(time.perf_counter() - started)
    started = time.perf_counter()
    recorder.close()
    drained = time.perf_counter() - started
    costs.sort()
    return costs[int(len(costs) * 0.99)] * 1000, drained


def run(label: str, url: str, rows: int, catalog: LiveCatalog) -> None:
    store = Store.connect(url, statement_timeout=600)
    store.upgrade()
    try:
        filled = fill(store, rows)
        limited, every, count = time_gaps(store, catalog)
        p99, drained = recording_p99(store)
        print(f"{label}: {rows:,} questions inserted in {filled:.1f} s")
        print(
            f"{label}: report gaps --since 30d: top 50 in {limited:.2f} s; all {count:,} gaps in {every:.2f} s"
        )
        print(
            f"{label}: recording p99 {p99:.3f} ms per question (20,000 calls; queue drained in {drained:.2f} s)"
        )
    finally:
        store.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench report")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL (a scratch schema)")
    args = parser.parse_args(argv)
    catalog = LiveCatalog(CONTENT)
    with tempfile.TemporaryDirectory() as folder:
        run("sqlite", f"sqlite:///{folder}/bench.db", args.rows, catalog)
    if args.postgres:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(args.postgres)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            url = make_url(args.postgres).update_query_dict({"options": f"-csearch_path={schema}"})
            run("postgresql", url.render_as_string(hide_password=False), args.rows, catalog)
        finally:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
    return 0
