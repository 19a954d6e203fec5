"""The servers `bench/slack_bench.py` compares, each run in its own process: `python -m bench.slack_servers KIND ...`.

All three wrap the same `build_app` (process_before_response=True); only the HTTP layer differs:

- `serve`: `insights-bot serve`'s ASGI app (`bot.slack.http`, dispatch in a worker thread) under uvicorn;
- `bolt-starlette`: Bolt's own Starlette adapter (`SlackRequestHandler`, dispatch on the event loop) under uvicorn;
- `bolt-dev`: Bolt's built-in development server (`App.start()`, `http.server`, one request at a time).
"""

from __future__ import annotations

import sys
from pathlib import Path

SERVERS = ("serve", "bolt-starlette", "bolt-dev")


def serve(kind: str, content: Path, port: int, api_url: str, secret: str, database: str) -> None:
    """Build the bot exactly as `serve` does and expose it with server `kind` on 127.0.0.1:`port`."""
    import logging

    from bot.live_catalog import LiveCatalog
    from bot.slack.app import SlackDeps, build_app
    from bot.store import Store

    logging.disable(logging.INFO)
    store = Store.connect(database)
    store.upgrade()
    deps = SlackDeps(
        bot_token="xoxb-bench",
        live_catalog=LiveCatalog(content),
        store=store,
        api_url=api_url,
        signing_secret=secret,
    )
    app = build_app(deps)
    if kind == "bolt-dev":
        app.start(port=port, http_server_logger_enabled=False)
        return
    import uvicorn

    if kind == "serve":
        from bot.slack.http import build_asgi

        asgi = build_asgi(app, deps.live_catalog, signing_secret=deps.signing_secret)
    else:
        from slack_bolt.adapter.starlette import SlackRequestHandler
        from starlette.applications import Starlette
        from starlette.requests import Request
        from starlette.routing import Route

        handler = SlackRequestHandler(app)

        async def events(request: Request):  # type: ignore[no-untyped-def]
            return await handler.handle(request)

        asgi = Starlette(routes=[Route("/slack/events", events, methods=["POST"])])
    uvicorn.run(asgi, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    kind, content, port, api_url, secret, database = sys.argv[1:7]
    serve(kind, Path(content), int(port), api_url, secret, database)
