"""Slash-command round trip through a real HTTP server on loopback: our `serve` against the obvious alternatives.

`python -m bench slack` starts each server in its own process (so the load generator does not share its GIL),
on the 28 shipped articles and on a 10,000-article synthetic catalog, and sends correctly signed
`/insights <query>` form posts from 1, 10 and 50 concurrent clients, each on its own keep-alive connection.
Servers compared (see `bench/slack_servers.py`), all around the same app from `bootstrap.build`:

- `serve`: `insights-bot serve`'s ASGI app (`bot.slack.http`, dispatch in a worker thread) under uvicorn;
- `bolt-starlette`: Bolt's own Starlette adapter (`SlackRequestHandler`, dispatch on the event loop) under uvicorn;
- `bolt-dev`: Bolt's built-in development server (`App.start()`, `http.server`, one request at a time).

A request counts as an error unless it answers 200 with a Block Kit message. Targets for 10,000 articles:
p99 < 100 ms at 10 clients, < 3 s (Slack's deadline) at 50, zero errors.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from bench.slack_servers import SERVERS

CONTENT = Path(__file__).resolve().parent.parent / "content"
SHIPPED_QUERIES = (
    "kubernetes gitops",
    "security",
    "how should we store refresh tokens?",
    "message queues",
    "latest",
    "docker multi stage build",
    "categories",
    "monorepo",
    "engineering",
    "two factor recovery codes",
)
SEED = 7


@dataclass(frozen=True)
class Cell:
    size: int
    server: str
    clients: int
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p99(self) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


# -- the client side ----------------------------------------------------------------------------------------------
class Signer:
    def __init__(self, secret: str) -> None:
        self._verifier = SignatureVerifier(secret)
        self._ids = itertools.count()

    def request(self, query: str) -> tuple[bytes, dict[str, str]]:
        body = urlencode(
            {
                "command": "/insights",
                "text": query,
                "user_id": "UBENCH",
                "user_name": "bench",
                "channel_id": "CBENCH",
                "team_id": "T0FAKE",
                "api_app_id": "A0FAKEAPP",
                "response_url": "http://127.0.0.1:9/response",
                "trigger_id": f"t{next(self._ids)}",
            }
        )
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": self._verifier.generate_signature(timestamp=timestamp, body=body),
        }
        return body.encode(), headers


def one_request(connection: http.client.HTTPConnection, signer: Signer, query: str) -> tuple[float, bool]:
    body, headers = signer.request(query)
    started = time.perf_counter()
    try:
        connection.request("POST", "/slack/events", body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        ok = response.status == 200 and b'"blocks"' in payload
        if response.getheader("connection", "").lower() == "close" or response.version == 10:
            connection.close()
    except (OSError, http.client.HTTPException):
        connection.close()
        ok = False
    return (time.perf_counter() - started) * 1000, ok


def load(
    port: int, signer: Signer, queries: list[str], clients: int, total: int
) -> tuple[list[float], int, float]:
    """`clients` threads share `total` requests; each keeps one connection open where the server allows it."""
    counter = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                number = next(counter)
            if number >= total:
                break
            elapsed, ok = one_request(connection, signer, queries[number % len(queries)])
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0], time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(
    kind: str, content: Path, api_url: str, secret: str, workdir: Path
) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    database = f"sqlite:///{workdir / f'{kind}-{port}.db'}"
    command = [
        sys.executable,
        "-m",
        "bench.slack_servers",
        kind,
        str(content),
        str(port),
        api_url,
        secret,
        database,
    ]
    process = subprocess.Popen(command, cwd=Path(__file__).resolve().parent.parent, stdout=subprocess.DEVNULL)
    signer = Signer(secret)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{kind} server exited with {process.returncode}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        _, ok = one_request(connection, signer, "help")
        connection.close()
        if ok:
            return process, port
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{kind} server did not answer within 180 s")


def queries_for(content: Path) -> list[str]:
    """Real questions for the shipped catalog; word pairs from the synthetic vocabulary for generated ones."""
    if content == CONTENT:
        return list(SHIPPED_QUERIES)
    from bench.search_corpus import Generator

    generator = Generator(SEED, CONTENT)
    words = generator.sample(400)
    return [" ".join(words[i : i + 2]) for i in range(0, 400, 2)] + list(SHIPPED_QUERIES)


def catalog(size: int, workdir: Path) -> Path:
    if size == 28:
        return CONTENT
    from bench.search_corpus import write_catalog

    target = workdir / f"content-{size}"
    write_catalog(target, size, SEED, CONTENT)
    return target


def run(
    sizes: list[int],
    servers: list[str],
    concurrency: list[int],
    per_client: int,
    minimum: int,
    *,
    skip_latest: bool = False,
) -> list[Cell]:
    from bot.testing.fake_slack import FakeSlack

    cells: list[Cell] = []
    secret = secrets.token_hex(16)
    with tempfile.TemporaryDirectory() as temp, FakeSlack() as slack:
        workdir = Path(temp)
        for size in sizes:
            content = catalog(size, workdir)
            queries = [q for q in queries_for(content) if not (skip_latest and q == "latest")]
            for kind in servers:
                process, port = start_server(kind, content, slack.api_url, secret, workdir)
                try:
                    for clients in concurrency:
                        load(port, Signer(secret), queries, clients, clients * 3)  # warm connections up
                        total = max(minimum, per_client * clients)
                        latencies, errors, seconds = load(port, Signer(secret), queries, clients, total)
                        cell = Cell(size, kind, clients, total, errors, seconds, latencies)
                        cells.append(cell)
                        print(row(cell), flush=True)
                finally:
                    process.terminate()
                    process.wait(timeout=30)
    return cells


HEADER = f"{'articles':>8}  {'server':<15} {'clients':>7}  {'p50 ms':>8}  {'p99 ms':>8}  {'req/s':>7}  {'errors':>6}"


def row(cell: Cell) -> str:
    return (
        f"{cell.size:>8}  {cell.server:<15} {cell.clients:>7}  {cell.p50:>8.1f}  {cell.p99:>8.1f}  "
        f"{cell.rate:>7.0f}  {cell.errors:>6}"
    )


def verdict(cells: list[Cell]) -> list[str]:
    """The issue's targets, checked for our server on the largest catalog measured."""
    largest = max(cell.size for cell in cells)
    ours = {cell.clients: cell for cell in cells if cell.server == "serve" and cell.size == largest}
    lines = []
    if 10 in ours:
        lines.append(f"p99 at 10 clients, {largest} articles: {ours[10].p99:.1f} ms (target < 100 ms)")
    if 50 in ours:
        lines.append(f"p99 at 50 clients, {largest} articles: {ours[50].p99:.1f} ms (target < 3000 ms)")
    lines.append(
        f"errors (serve, all cells): {sum(c.errors for c in cells if c.server == 'serve')} (target 0)"
    )
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench slack", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="28,10000", help="catalog sizes, comma-separated (28 = shipped)")
    parser.add_argument("--servers", default=",".join(SERVERS), help=f"any of {', '.join(SERVERS)}")
    parser.add_argument("--clients", default="1,10,50", help="concurrency levels, comma-separated")
    parser.add_argument("--per-client", type=int, default=40, help="requests per client in each cell")
    parser.add_argument("--minimum", type=int, default=300, help="at least this many requests per cell")
    parser.add_argument(
        "--skip-latest", action="store_true", help="leave `/insights latest` out of the query mix"
    )
    args = parser.parse_args(argv)
    servers = [name.strip() for name in args.servers.split(",") if name.strip()]
    unknown = sorted(set(servers) - set(SERVERS))
    if unknown:
        parser.error(f"unknown server(s): {', '.join(unknown)}")
    sizes = [int(part) for part in args.sizes.split(",")]
    concurrency = [int(part) for part in args.clients.split(",")]
    print(HEADER, flush=True)
    cells = run(sizes, servers, concurrency, args.per_client, args.minimum, skip_latest=args.skip_latest)
    print()
    for line in verdict(cells):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
