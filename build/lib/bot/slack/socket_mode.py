"""Socket Mode: the same Bolt app, reached over a WebSocket that the bot opens, so no public URL is needed.

Bolt's `SocketModeHandler` acks an envelope only when dispatch returned 200. An event with no listener (404)
or a listener that raised (500) would then go unacknowledged and Slack would deliver it again and again, and a
slash command would end in the user's "operation_timeout". `InsightsSocketModeHandler` acks every envelope:
Bolt's answer when it has one, otherwise a bare ack (events, actions) or a short apology (slash commands).

The built-in client is used (no extra dependency, and it reconnects cleanly after `disconnect` frames); it uses
`app.client`, so `apps.connections.open` goes to `SLACK_API_URL` like every other Web API call.
"""

from __future__ import annotations

import json
import logging
import threading
import time

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.socket_mode.internals import run_bolt_app, send_response
from slack_bolt.response import BoltResponse
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

log = logging.getLogger(__name__)

SLASH_COMMAND_APOLOGY = "Sorry, something went wrong answering that. Please try again in a moment."


class InsightsSocketModeHandler(SocketModeHandler):
    """Bolt's handler with one change: every envelope is acknowledged, whatever the dispatch result."""

    def handle(self, client: BaseSocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        started = time.perf_counter()
        try:
            response: BoltResponse = run_bolt_app(self.app, req)
        except Exception:
            log.exception("socket mode: dispatching a %s envelope failed", req.type)
            response = BoltResponse(status=500, body="")
        if response.status == 200:
            send_response(client, req, response, started)
            return
        log.warning("socket mode: %s envelope got status %s; acknowledging anyway", req.type, response.status)
        payload = {"text": SLASH_COMMAND_APOLOGY} if req.type == "slash_commands" else None
        client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id, payload=payload))

    def close(self) -> None:
        """Wake the client's message loop (it waits up to 1 s on its queue) so shutdown is immediate."""
        self.client.closed = True
        self.client.message_queue.put(None)
        super().close()


def log_lifecycle(raw: str) -> None:
    """One line per `hello` and `disconnect` frame, so an operator can see connections come and go."""
    if not raw.startswith("{") or ('"hello"' not in raw and '"disconnect"' not in raw):
        return
    try:
        frame = json.loads(raw)
    except ValueError:
        return
    if frame.get("type") == "hello":
        log.info("socket mode: hello (%s open connection(s))", frame.get("num_connections", "?"))
    elif frame.get("type") == "disconnect":
        log.info("socket mode: disconnect requested (%s); reconnecting", frame.get("reason", "unknown"))


def build_socket_mode_handler(
    app: App, app_token: str, *, ping_interval: float = 10
) -> InsightsSocketModeHandler:
    """The handler for `app`; `connect()` opens the socket without blocking, `close()` ends it."""
    handler = InsightsSocketModeHandler(app, app_token=app_token, ping_interval=ping_interval)
    handler.client.on_message_listeners.append(log_lifecycle)
    return handler


def run_socket_mode(app: App, app_token: str, stop: threading.Event) -> None:
    """Serve `app` over Socket Mode until `stop` is set (Ctrl-C in `insights-bot run` sets it)."""
    handler = build_socket_mode_handler(app, app_token)
    handler.connect()
    log.info("socket mode: connected; waiting for events")
    try:
        stop.wait()
    finally:
        handler.close()
