"""The ASGI app behind `insights-bot serve`: `POST /slack/events` for everything Slack sends, `GET /healthz`.

The body is read as a stream and refused past `MAX_BODY_BYTES`, whatever the request claims about its length,
so a chunked upload without `Content-Length` cannot grow the process. The edge (`bot.slack.edge`) then checks
the signature once and parses once, and the app runs in one worker thread per request, so slow requests
overlap instead of queueing on the event loop.

Slack gives a slash command 3 seconds. An answer not ready within `ACK_DEADLINE_SECONDS` is acked with a
holding line, and the answer is sent to the command's `response_url` when the app finishes.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING

from slack_bolt.response import BoltResponse
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.slack.edge import Admitted, Refused, SlackEdge
from bot.slack.response_url import forward_late_answer

if TYPE_CHECKING:
    from bot.assistant import CatalogSource

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1_000_000
ACK_DEADLINE_SECONDS = 2.0
"""Slack's deadline is 3 s from when it sent the request; the rest is left for the network both ways."""
HOLDING_TEXT = "Working on it; the answer will appear here in a moment."

log = logging.getLogger("bot.slack.http")


class TooLarge(Exception):
    """The body went past `MAX_BODY_BYTES` while being read."""


async def read_bounded(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The whole body, or `TooLarge` as soon as it passes `limit` (declared or not)."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def to_response(bolt_response: BoltResponse) -> Response:
    return Response(
        status_code=bolt_response.status,
        content=bolt_response.body,
        headers=bolt_response.first_headers_without_set_cookie(),
    )


def holding_ack() -> Response:
    return JSONResponse({"response_type": "ephemeral", "text": HOLDING_TEXT})


async def answer_in_time(edge: SlackEdge, admitted: Admitted, deadline: float) -> Response:
    """Dispatch in a worker thread; a slash command whose answer misses `deadline` is acked with a holding
    line and its answer forwarded to the `response_url` when ready."""
    task = asyncio.ensure_future(run_in_threadpool(edge.dispatch, admitted))
    if not admitted.is_slash_command:
        return to_response(await task)
    done, _ = await asyncio.wait({task}, timeout=deadline)
    if done:
        return to_response(task.result())
    log.warning("slash command answer not ready in %.1f s; acking and answering later", deadline)
    url = admitted.response_url
    task.add_done_callback(lambda finished: forward_late_answer(url, finished.result(), log))
    return holding_ack()


def build_asgi(
    edge: SlackEdge, catalog: CatalogSource, *, deadline: float = ACK_DEADLINE_SECONDS
) -> Starlette:
    """The Starlette app; serve it with uvicorn (`insights-bot serve`), or any ASGI server."""

    async def events(request: Request) -> Response:
        started = time.perf_counter()
        try:
            body = await read_bounded(request)
        except TooLarge:
            return JSONResponse({"error": "body too large"}, status_code=413)
        except ClientDisconnect:
            log.info("POST %s client went away mid-body", EVENTS_PATH)
            return Response(status_code=400)
        verdict = edge.admit(body, {k.lower(): v for k, v in request.headers.items()})
        if isinstance(verdict, Refused):
            log.info("POST %s %d %s (%d bytes)", EVENTS_PATH, verdict.status, verdict.reason, len(body))
            return JSONResponse({"error": verdict.reason}, status_code=verdict.status)
        response = await answer_in_time(edge, verdict, deadline)
        elapsed_ms = (time.perf_counter() - started) * 1000
        log.info("POST %s %d in %.1f ms", EVENTS_PATH, response.status_code, elapsed_ms)
        return response

    async def health(request: Request) -> Response:
        snapshot = catalog.current
        return JSONResponse(
            {
                "status": "ok",
                "articles": len(snapshot.catalog.articles),
                "categories": len(snapshot.catalog.categories),
                "problems": len(snapshot.catalog.problems),
                "catalog_version": snapshot.version,
                "last_reload": snapshot.loaded_at.isoformat(),
            }
        )

    return Starlette(
        routes=[Route(EVENTS_PATH, events, methods=["POST"]), Route(HEALTH_PATH, health, methods=["GET"])]
    )
