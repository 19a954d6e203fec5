"""Socket Mode: the same Bolt app, reached over a WebSocket that the bot opens, so no public URL is needed.

Built on slack_sdk's own `SocketModeClient` and its public listener hook, not on Bolt's adapter internals.
Every envelope is acknowledged whatever the dispatch result: an unacknowledged event is delivered again and
again, and an unacknowledged slash command ends in the user's "operation_timeout". A slash command whose answer
misses the deadline is acked with a holding line and answered through its `response_url`, as in HTTP mode.

The client uses the app's Web API client, so `apps.connections.open` goes to `SLACK_API_URL` like every call.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.response import BoltResponse
from slack_sdk.socket_mode.builtin.client import SocketModeClient
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.slack.edge import bolt_request
from bot.slack.http import ACK_DEADLINE_SECONDS, HOLDING_TEXT
from bot.slack.request_metrics import record
from bot.slack.response_url import forward_late_answer

if TYPE_CHECKING:
    from bot.metrics import Metrics

log = logging.getLogger(__name__)

SLASH_COMMAND_APOLOGY = "Sorry, something went wrong answering that. Please try again in a moment."


class SocketModeBridge:
    """Connects `app` to Slack over Socket Mode; `connect()` does not block, `close()` ends everything."""

    def __init__(
        self,
        app: App,
        app_token: str,
        *,
        ping_interval: float = 10,
        deadline: float = ACK_DEADLINE_SECONDS,
        metrics: Metrics | None = None,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.deadline = deadline
        self.client = SocketModeClient(
            app_token=app_token, web_client=app.client, ping_interval=ping_interval, logger=log
        )
        self.client.socket_mode_request_listeners.append(self._on_request)
        self.client.on_message_listeners.append(log_lifecycle)
        self._late = ThreadPoolExecutor(max_workers=4, thread_name_prefix="socket-command")

    def connect(self) -> None:
        self.client.connect()

    def close(self) -> None:
        """Wake the client's message loop (it waits up to 1 s on its queue) so shutdown is immediate."""
        self.client.closed = True
        self.client.message_queue.put(None)
        self.client.close()
        self._late.shutdown(wait=False, cancel_futures=True)

    def _on_request(self, client: BaseSocketModeClient, req: SocketModeRequest) -> None:
        started = time.perf_counter()
        response = self._answer_in_time(req) if req.type == "slash_commands" else self._dispatch(req)
        if response.status != 200:
            log.warning(
                "socket mode: %s envelope got status %s; acknowledging anyway", req.type, response.status
            )
        client.send_socket_mode_response(
            SocketModeResponse(envelope_id=req.envelope_id, payload=_payload(req, response))
        )
        if isinstance(req.payload, dict):
            record(self.metrics, req.payload, response.status, started)
        log.debug("socket mode: %s acked in %.1f ms", req.type, (time.perf_counter() - started) * 1000)

    def _dispatch(self, req: SocketModeRequest) -> BoltResponse:
        try:
            return self.app.dispatch(bolt_request(req.payload, _retry_headers(req)))
        except Exception:
            log.exception("socket mode: dispatching a %s envelope failed", req.type)
            return BoltResponse(status=500, body="")

    def _answer_in_time(self, req: SocketModeRequest) -> BoltResponse:
        future = self._late.submit(self._dispatch, req)
        try:
            return future.result(timeout=self.deadline)
        except FutureTimeout:
            log.warning("slash command answer not ready in %.1f s; acking and answering later", self.deadline)
            url = req.payload.get("response_url") if isinstance(req.payload, dict) else None
            future.add_done_callback(lambda done: forward_late_answer(url, done.result(), log))
            return BoltResponse(
                status=200, body=json.dumps({"response_type": "ephemeral", "text": HOLDING_TEXT})
            )


def _retry_headers(req: SocketModeRequest) -> dict[str, str]:
    """Slack's redelivery count, as the header listeners and the dedupe log read in HTTP mode."""
    headers = {}
    if req.retry_attempt is not None:
        headers["x-slack-retry-num"] = str(req.retry_attempt)
    if req.retry_reason:
        headers["x-slack-retry-reason"] = req.retry_reason
    return headers


def _payload(req: SocketModeRequest, response: BoltResponse) -> dict[str, Any] | None:
    """What goes back in the ack: the app's JSON answer, an apology for a failed slash command, or nothing."""
    if response.status != 200:
        return {"text": SLASH_COMMAND_APOLOGY} if req.type == "slash_commands" else None
    body = response.body or ""
    if not body:
        return None
    try:
        parsed = json.loads(body)
    except ValueError:
        return {"text": body}
    return parsed if isinstance(parsed, dict) else None


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


def build_socket_mode_handler(app: App, app_token: str, *, ping_interval: float = 10) -> SocketModeBridge:
    return SocketModeBridge(app, app_token, ping_interval=ping_interval)


def run_socket_mode(app: App, app_token: str, stop: threading.Event, metrics: Metrics | None = None) -> None:
    """Serve `app` over Socket Mode until `stop` is set (Ctrl-C or SIGTERM in `insights-bot run` sets it)."""
    bridge = SocketModeBridge(app, app_token, metrics=metrics)
    bridge.connect()
    log.info("socket mode: connected; waiting for events")
    try:
        stop.wait()
    finally:
        bridge.close()
