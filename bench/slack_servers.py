"""The servers `bench/slack_bench.py` compares, each run in its own process: `python -m bench.slack_servers KIND ...`.

All three wrap the same app from `bootstrap.build` (process_before_response=True); only the HTTP layer differs:

- `serve`: `insights-bot serve`'s ASGI app (`bot.slack.http`, dispatch in a worker thread) under uvicorn;
- `bolt-starlette`: Bolt's own Starlette adapter (`SlackRequestHandler`, dispatch on the event loop) under uvicorn;
- `bolt-dev`: Bolt's built-in development server (`App.start()`, `http.server`, one request at a time).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

SERVERS = ("serve", "bolt-starlette", "bolt-dev")


def serve(kind: str, content: Path, port: int, api_url: str, secret: str, database: str) -> None:
    """Build the bot exactly as `serve` does (`bootstrap.build`) and expose it with server `kind`."""
    import logging

    from pydantic import SecretStr

    from bot.bootstrap import build
    from bot.settings import Settings

    logging.disable(logging.INFO)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        content_dir=content,
        database_url=database,
        slack_bot_token=SecretStr("xoxb-bench"),
        slack_signing_secret=SecretStr(secret),
        slack_api_url=api_url,
        # Serving is compared on words alone: a first-time embedding of the 10,000-article synthetic catalog
        # would take the bench's whole budget (the search bench measures search with the model).
        embedding_model="off",
    )
    bot = build(settings)
    bot.follow_catalog()
    slack = bot.slack(bolt_verifies=kind != "serve")
    if kind == "bolt-dev":
        slack.app.start(port=port, http_server_logger_enabled=False)
        return
    import uvicorn

    if kind == "serve":
        from bot.slack.http import build_asgi

        asgi = build_asgi(bot.edge(slack), bot.catalog)
    else:
        asgi = bolt_starlette(slack.app)
    uvicorn.run(asgi, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def bolt_starlette(app: Any) -> Any:
    """Bolt's own Starlette adapter around the same app, as its docs show it."""
    from slack_bolt.adapter.starlette import SlackRequestHandler
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    handler = SlackRequestHandler(app)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    return Starlette(routes=[Route("/slack/events", events, methods=["POST"])])


if __name__ == "__main__":
    kind, content, port, api_url, secret, database = sys.argv[1:7]
    serve(kind, Path(content), int(port), api_url, secret, database)
