"""The ASGI app behind `insights-bot serve`: `POST /slack/events` for everything Slack sends, `GET /healthz`
(liveness: the process answers), `GET /readyz` (readiness: database, catalog, workers) and `GET /metrics`.

The body is read as a stream and refused past `MAX_BODY_BYTES`, whatever the request claims about its length,
so a chunked upload without `Content-Length` cannot grow the process; a body still arriving after
`BODY_TIMEOUT_SECONDS` gets a 408 (headers have their own deadline, in `bot.slack.http_server`). The edge
(`bot.slack.edge`) then checks the signature once and parses once, and the app runs in one worker thread per
request, so slow requests overlap instead of queueing on the event loop.

Slack gives a slash command 3 seconds. An answer not ready within `ACK_DEADLINE_SECONDS` is acked with a
holding line, and the answer is sent to the command's `response_url` when the app finishes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

from slack_bolt.response import BoltResponse
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.errors import BodyTooLarge
from bot.slack.edge import Admitted, Refused, SlackEdge
from bot.slack.request_metrics import outcome_of, record, surface_of
from bot.slack.response_url import forward_late_answer

if TYPE_CHECKING:
    from bot.assistant import CatalogSource
    from bot.metrics import Metrics

Readiness = Callable[[], list[str]]
"""Why this replica should not get traffic now; an empty list means ready."""

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"
MAX_BODY_BYTES = 1_000_000
BODY_TIMEOUT_SECONDS = 10.0
LATE_ANSWER_DRAIN_SECONDS = 20.0
ACK_DEADLINE_SECONDS = 2.0
"""Slack's deadline is 3 s from when it sent the request; the rest is left for the network both ways."""
HOLDING_TEXT = "Working on it; the answer will appear here in a moment."
HOLDING_BODY = json.dumps({"response_type": "ephemeral", "text": HOLDING_TEXT}).encode()

log = logging.getLogger("bot.slack.http")


async def read_in_time(request: Request, timeout: float) -> bytes:
    """`read_bounded`, or `TimeoutError` when the client is still sending after `timeout` seconds."""
    async with asyncio.timeout(timeout):
        return await read_bounded(request)


async def read_bounded(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The whole body, or `BodyTooLarge` as soon as it passes `limit` (declared or not)."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def to_response(bolt_response: BoltResponse) -> Response:
    return Response(
        status_code=bolt_response.status,
        content=bolt_response.body,
        headers=bolt_response.first_headers_without_set_cookie(),
    )


def holding_ack() -> Response:
    return Response(HOLDING_BODY, media_type="application/json")


async def answer_in_time(
    edge: SlackEdge,
    admitted: Admitted,
    deadline: float,
    late: set[asyncio.Future[BoltResponse]] | None = None,
) -> Response:
    """Dispatch in a worker thread; a slash command whose answer misses `deadline` is acked with a holding
    line and its answer forwarded to the `response_url` when ready (held in `late` until then, so shutdown
    can wait for it)."""
    task = asyncio.ensure_future(run_in_threadpool(edge.dispatch, admitted))
    if not admitted.is_slash_command:
        return to_response(await task)
    done, _ = await asyncio.wait({task}, timeout=deadline)
    if done:
        return to_response(task.result())
    log.warning("slash command answer not ready in %.1f s; acking and answering later", deadline)
    url = admitted.response_url
    task.add_done_callback(lambda finished: forward_late_answer(url, finished.result(), log))
    if late is not None:
        late.add(task)
        task.add_done_callback(late.discard)
    return holding_ack()


def build_asgi(
    edge: SlackEdge,
    catalog: CatalogSource,
    *,
    deadline: float = ACK_DEADLINE_SECONDS,
    body_timeout: float = BODY_TIMEOUT_SECONDS,
    readiness: Readiness | None = None,
    metrics: Metrics | None = None,
) -> Starlette:
    """The Starlette app; serve it with uvicorn (`insights-bot serve`), or any ASGI server. With lifespan on,
    shutdown waits up to `LATE_ANSWER_DRAIN_SECONDS` for slash-command answers still being prepared."""
    events = _Events(edge, deadline, body_timeout, metrics)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        if events.late:
            log.info("waiting for %d late slash-command answers", len(events.late))
            await asyncio.wait(set(events.late), timeout=LATE_ANSWER_DRAIN_SECONDS)

    routes = [Route(EVENTS_PATH, events.handle, methods=["POST"]), *probe_routes(catalog, readiness, metrics)]
    return Starlette(lifespan=lifespan, routes=routes)


class _Events:
    """`POST /slack/events`: bounded body, one admission at the edge, the app in a worker thread."""

    def __init__(
        self, edge: SlackEdge, deadline: float, body_timeout: float, metrics: Metrics | None
    ) -> None:
        self.edge, self.deadline, self.body_timeout, self.metrics = edge, deadline, body_timeout, metrics
        self.late: set[asyncio.Future[BoltResponse]] = set()

    def refused(self, status: int, reason: str, started: float) -> Response:
        if self.metrics is not None:
            self.metrics.request("edge", reason.replace(" ", "_"), started)
        return JSONResponse({"error": reason}, status_code=status)

    async def handle(self, request: Request) -> Response:
        started = time.perf_counter()
        try:
            body = await read_in_time(request, self.body_timeout)
        except BodyTooLarge:
            return self.refused(413, "body too large", started)
        except TimeoutError:
            log.info("POST %s body not received within %.0f s", EVENTS_PATH, self.body_timeout)
            return self.refused(408, "body too slow", started)
        except ClientDisconnect:
            log.info("POST %s client went away mid-body", EVENTS_PATH)
            return self.refused(400, "client went away", started)
        verdict = self.edge.admit(body, {k.lower(): v for k, v in request.headers.items()})
        if isinstance(verdict, Refused):
            log.info("POST %s %d %s (%d bytes)", EVENTS_PATH, verdict.status, verdict.reason, len(body))
            return self.refused(verdict.status, verdict.reason, started)
        response = await answer_in_time(self.edge, verdict, self.deadline, self.late)
        deferred = response.body == HOLDING_BODY
        record(self.metrics, verdict.body, response.status_code, started, deferred=deferred)
        log_request(verdict, response.status_code, started, deferred)
        return response


def build_probe_app(
    catalog: CatalogSource, readiness: Readiness | None, metrics: Metrics | None
) -> Starlette:
    """Only the probes: Socket Mode's side port (METRICS_PORT), since Slack needs no inbound HTTP there."""
    return Starlette(routes=probe_routes(catalog, readiness, metrics))


def probe_routes(catalog: CatalogSource, readiness: Readiness | None, metrics: Metrics | None) -> list[Route]:
    """/healthz (cheap liveness, touches nothing), /readyz (503 with reasons), /metrics (Prometheus text)."""

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", **catalog_facts(catalog)})

    async def ready(request: Request) -> Response:
        reasons = await run_in_threadpool(readiness) if readiness is not None else []
        if reasons:
            return JSONResponse({"status": "not ready", "reasons": reasons}, status_code=503)
        return JSONResponse({"status": "ready"})

    async def scrape(request: Request) -> Response:
        from bot.metrics import CONTENT_TYPE

        if metrics is None:
            return JSONResponse({"error": "metrics are off"}, status_code=404)
        return Response(metrics.exposition(), headers={"content-type": CONTENT_TYPE})

    return [
        Route(HEALTH_PATH, health, methods=["GET"]),
        Route(READY_PATH, ready, methods=["GET"]),
        Route(METRICS_PATH, scrape, methods=["GET"]),
    ]


def log_request(admitted: Admitted, status: int, started: float, deferred: bool) -> None:
    """One line per request; with LOG_FORMAT=json its fields are keys of their own (bot.logging_setup)."""
    elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    fields = {
        "request_id": uuid.uuid4().hex[:16],
        "surface": surface_of(admitted.body),
        "status": status,
        "outcome": outcome_of(status, deferred=deferred),
        "latency_ms": elapsed_ms,
    }
    log.info("POST %s %d in %.1f ms (%s)", EVENTS_PATH, status, elapsed_ms, fields["surface"], extra=fields)


def catalog_facts(catalog: CatalogSource) -> dict[str, object]:
    snapshot = catalog.current
    return {
        "articles": len(snapshot.catalog.articles),
        "categories": len(snapshot.catalog.categories),
        "problems": len(snapshot.catalog.problems),
        "catalog_version": snapshot.version,
        "last_reload": snapshot.loaded_at.isoformat(),
    }
