"""What the slash command's ack-deadline guard costs: our listener against the obvious inline listener.

`python -m bench ack` dispatches signed `/insights <query>` requests straight into Bolt (`App.dispatch`, no HTTP,
so only the listener differs) on the 28 shipped articles, from 1 and 10 threads, for two apps built on the same
`Replies`:

- `guarded`: `build_app`, whose listener computes the answer in a worker pool and waits at most
  `ACK_DEADLINE_SECONDS` for it (the answer goes through `response_url` if it is late);
- `inline`: a listener that computes the answer in the request thread and acks it, with no deadline.

It also times parsing the raw form body: Bolt's `BoltRequest` alone against our `request_from_raw` (which re-parses
so a body mentioning "payload" is not mistaken for an interactivity payload).
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.live_catalog import LiveCatalog
from bot.slack.app import SlackDeps, build_app
from bot.slack.payloads import request_from_raw
from bot.slack.replies import Replies
from bot.slack.web_client import build_web_client
from bot.store import Store
from bot.testing.fake_slack import FakeSlack

CONTENT = Path(__file__).resolve().parent.parent / "content"
QUERIES = ("kubernetes gitops", "security", "how should we store refresh tokens?", "latest", "categories")
SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"


def signed(text: str) -> tuple[str, dict[str, str]]:
    body = urlencode(
        {
            "command": "/insights",
            "text": text,
            "team_id": "T0BENCH",
            "channel_id": "C0BENCH",
            "user_id": "U0BENCH",
            "response_url": "http://127.0.0.1:9/never",
        }
    )
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
    return body, {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": stamp,
        "x-slack-signature": signature,
    }


def inline_app(deps: SlackDeps) -> App:
    """The alternative: answer in the request thread, no deadline."""
    app = App(
        client=build_web_client(deps.bot_token, deps.api_url),
        signing_secret=SECRET,
        process_before_response=True,
        token_verification_enabled=False,
    )
    replies = Replies(deps)

    def on_command(ack: Callable[..., Any], command: dict[str, Any]) -> None:
        message = replies.command(command.get("text", ""), user_id="U0BENCH", channel_id="C0BENCH")
        ack({key: value for key, value in message.items() if key in {"text", "blocks", "response_type"}})

    app.command(re.compile(r"^/"))(on_command)
    return app


def run(app: App, threads: int, total: int) -> tuple[float, float, float]:
    """Requests per second, p50 and p99 in milliseconds."""
    requests = [signed(QUERIES[i % len(QUERIES)]) for i in range(total)]
    latencies: list[float] = []
    lock = threading.Lock()

    def one(index: int) -> None:
        body, headers = requests[index]
        started = time.perf_counter()
        response = app.dispatch(BoltRequest(body=body, headers=headers))
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise RuntimeError(f"status {response.status}")
        with lock:
            latencies.append(elapsed * 1000)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(one, range(total)))
    seconds = time.perf_counter() - started
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return total / seconds, statistics.median(ordered), p99


def parse_cost(rounds: int) -> tuple[float, float]:
    """Microseconds per body: Bolt's parse alone, and ours on top of it."""
    body, headers = signed("kubernetes gitops")
    started = time.perf_counter()
    for _ in range(rounds):
        BoltRequest(body=body, headers=headers)
    bolt = (time.perf_counter() - started) / rounds * 1e6
    started = time.perf_counter()
    for _ in range(rounds):
        request_from_raw(body, headers=headers)
    ours = (time.perf_counter() - started) / rounds * 1e6
    return bolt, ours


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench ack", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per cell (default 2000)")
    args = parser.parse_args(argv)
    with FakeSlack() as slack, tempfile.TemporaryDirectory() as tmp:
        store = Store.connect(f"sqlite:///{Path(tmp) / 'bench.db'}")
        store.upgrade()
        deps = SlackDeps(
            bot_token=TOKEN,
            signing_secret=SECRET,
            api_url=slack.api_url,
            live_catalog=LiveCatalog(CONTENT),
            store=store,
        )
        apps = {"guarded": build_app(deps), "inline": inline_app(deps)}
        for app in apps.values():
            run(app, 1, 20)  # warm-up: auth.test, first-seen times, caches
        print(f"{'listener':<9} {'threads':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        for threads in (1, 10):
            for name, app in apps.items():
                rate, p50, p99 = run(app, threads, args.requests)
                print(f"{name:<9} {threads:>7} {rate:>8.0f} {p50:>8.2f} {p99:>8.2f}")
        bolt, ours = parse_cost(5000)
        print(f"parse a slash command body: BoltRequest {bolt:.1f} us, request_from_raw {ours:.1f} us")
        store.close()
    return 0
