"""A local WebSocket server that speaks Slack's Socket Mode envelope protocol, for the real `SocketModeHandler`.

Slack's side of Socket Mode is small: greet each connection with `hello`, push envelopes
(`{envelope_id, type, payload, accepts_response_payload, retry_attempt, retry_reason}`), read back acks
(`{"envelope_id": ..., "payload": ...}`), and now and then send `disconnect` so the client opens a new
connection. This server does exactly that on 127.0.0.1 and an ephemeral port, in a thread, and records what
the client sent so tests can assert on acks. `apps.connections.open` (which hands out `url`) is answered by
the fake Web API, which the client reaches through `SLACK_API_URL`.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

APP_ID = "A0FAKEAPP"


class SocketModeServer:
    """Slack's Socket Mode endpoint in miniature; use as a context manager."""

    def __init__(self) -> None:
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Condition()
        self._connections: list[ServerConnection] = []
        self._received: list[dict[str, Any]] = []
        self._ids = itertools.count(1)

    def __enter__(self) -> SocketModeServer:
        self._server = serve(self._handle, "127.0.0.1", 0, ping_interval=None, compression=None)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-socket-mode", daemon=True
        )
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._server is not None:
            self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def url(self) -> str:
        """What `apps.connections.open` should return: a ws:// URL with a ticket, like Slack's wss:// one."""
        assert self._server is not None, "start the server with `with SocketModeServer() as server:`"
        port = self._server.socket.getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket=fake-ticket&app_id={APP_ID}"

    @property
    def connection_count(self) -> int:
        """How many WebSocket connections clients have opened so far (reconnects included)."""
        with self._lock:
            return len(self._connections)

    @property
    def received(self) -> list[dict[str, Any]]:
        """Every JSON frame clients sent, in order (acks, mostly)."""
        with self._lock:
            return list(self._received)

    def acks_for(self, envelope_id: str) -> list[dict[str, Any]]:
        return [frame for frame in self.received if frame.get("envelope_id") == envelope_id]

    def wait_for_connections(self, count: int, timeout: float = 5.0) -> None:
        self._wait(lambda: len(self._connections) >= count, timeout, f"{count} connection(s)")

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        self._wait(
            lambda: any(f.get("envelope_id") == envelope_id for f in self._received), timeout, envelope_id
        )
        return self.acks_for(envelope_id)[0]

    def send(self, envelope: dict[str, Any]) -> None:
        """Push a frame to the newest connection, as Slack pushes to one of the app's open sockets."""
        with self._lock:
            connection = self._connections[-1]
        connection.send(json.dumps(envelope))

    def envelope(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        retry_attempt: int | None = None,
        retry_reason: str | None = None,
    ) -> dict[str, Any]:
        """Build an envelope for `slash_commands`, `events_api` or `interactive` with a fresh envelope_id."""
        envelope: dict[str, Any] = {
            "envelope_id": f"env-{next(self._ids)}",
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind in ("slash_commands", "interactive"),
        }
        if retry_attempt is not None:
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = retry_reason or "timeout"
        return envelope

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the client to move to a new connection; once it has, close the old one, as Slack does."""
        with self._lock:
            old, count = self._connections[-1], len(self._connections)
        old.send(
            json.dumps({"type": "disconnect", "reason": reason, "debug_info": {"host": "fake-socket-mode"}})
        )

        def close_old_when_replaced() -> None:
            try:
                self.wait_for_connections(count + 1, timeout=10)
            except TimeoutError:
                return
            old.close()

        threading.Thread(target=close_old_when_replaced, name="fake-socket-mode-recycle", daemon=True).start()

    def close_connections(self) -> None:
        """Close every socket from the server side, as Slack does when it drops a connection."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            connection.close()

    def _wait(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        with self._lock:
            while not condition():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"Socket Mode server: no {what} within {timeout} s")
                self._lock.wait(remaining)

    def _handle(self, connection: ServerConnection) -> None:
        with self._lock:
            self._connections.append(connection)
            number = len(self._connections)
            self._lock.notify_all()
        connection.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": number,
                    "debug_info": {"host": "fake-socket-mode", "approximate_connection_time": 18060},
                    "connection_info": {"app_id": APP_ID},
                }
            )
        )
        try:
            for message in connection:
                frame = json.loads(message)
                with self._lock:
                    self._received.append(frame)
                    self._lock.notify_all()
        except (ConnectionClosed, json.JSONDecodeError):
            return
