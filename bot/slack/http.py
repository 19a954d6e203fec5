"""The ASGI app behind `insights-bot serve`: `POST /slack/events` for everything Slack sends, `GET /healthz`.

Bolt's sync `App.dispatch` runs in a worker thread per request, so slow requests overlap instead of queueing
behind one another on the event loop; the adapter is ours (a few lines) rather than Bolt's Starlette handler,
which calls the sync app on the loop thread.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.slack.payloads import request_from_raw, well_formed

if TYPE_CHECKING:
    from bot.live_catalog import LiveCatalog

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1_000_000

log = logging.getLogger("bot.slack.http")


def to_bolt_request(body: bytes, request: Request) -> BoltRequest | None:
    """Bolt's view of the raw request, or None when the body cannot be a Slack payload at all."""
    try:
        text = body.decode("utf-8")
        parsed = request_from_raw(text, query=request.url.query, headers=dict(request.headers))
    except Exception:
        return None
    return parsed if well_formed(parsed.body) else None


def _forged(verifier: SignatureVerifier, body: bytes, request: Request) -> bool:
    """Slack signs text; a body that is not even UTF-8 is answered 400 as malformed, signature or not."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not verifier.is_valid_request(text, dict(request.headers))


def to_response(bolt_response: BoltResponse) -> Response:
    return Response(
        status_code=bolt_response.status,
        content=bolt_response.body,
        headers=bolt_response.first_headers_without_set_cookie(),
    )


def acknowledged(bolt_response: BoltResponse) -> BoltResponse:
    """Bolt answers 404 to a verified request no listener matched (`app_rate_limited`, `block_suggestion`, kinds
    Slack adds later); Slack counts that as a failed delivery, so it becomes an empty 200.
    """
    if bolt_response.status == 404:
        return BoltResponse(status=200, body="")
    return bolt_response


def build_asgi(app: App, live_catalog: LiveCatalog, *, signing_secret: str | None = None) -> Starlette:
    """The Starlette app; serve it with uvicorn (`insights-bot serve`), or any ASGI server.

    With `signing_secret`, every body is checked for its signature before anything reads it, so a forged request
    is always a 401 (Bolt itself answers `ssl_check` and cannot parse a malformed body before verifying), and only a
    genuine but broken one is a 400.
    """
    verifier = SignatureVerifier(signing_secret) if signing_secret else None

    async def events(request: Request) -> Response:
        started = time.perf_counter()
        declared = request.headers.get("content-length", "0")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return JSONResponse({"error": "body too large"}, status_code=413)
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return JSONResponse({"error": "body too large"}, status_code=413)
        if verifier is not None and _forged(verifier, body, request):
            log.info("POST %s 401 bad or stale signature", EVENTS_PATH)
            return JSONResponse({"error": "invalid signature"}, status_code=401)
        bolt_request = to_bolt_request(body, request)
        if bolt_request is None:
            log.info("POST %s 400 malformed body (%d bytes)", EVENTS_PATH, len(body))
            return JSONResponse({"error": "malformed body"}, status_code=400)
        bolt_response = acknowledged(await run_in_threadpool(app.dispatch, bolt_request))
        elapsed_ms = (time.perf_counter() - started) * 1000
        log.info("POST %s %d in %.1f ms", EVENTS_PATH, bolt_response.status, elapsed_ms)
        return to_response(bolt_response)

    async def health(request: Request) -> Response:
        snapshot = live_catalog.current
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
        routes=[
            Route(EVENTS_PATH, events, methods=["POST"]),
            Route(HEALTH_PATH, health, methods=["GET"]),
        ]
    )
