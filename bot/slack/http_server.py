"""uvicorn as `insights-bot serve` runs it: every connection has a deadline for its headers, and a cap.

uvicorn (0.54) arms no timer while a request's headers are arriving: its keep-alive timeout starts only after
a response, and any byte received cancels it. A client that opens a connection and never finishes its headers
(Slowloris) holds a file descriptor forever; at 1,100 of them under the usual 1,024 open-file limit, `accept()`
fails and even `/healthz` stops answering. `GuardedH11Protocol` closes a connection whose request headers are
not complete `header_timeout` seconds after it opened (or after its previous response), however slowly bytes
trickle in, and when more than `max_connections` are open it closes the oldest one still waiting for headers,
so a flood of half-open connections cannot starve the ones that send a request. Bodies have their own deadline
in `bot.slack.http`. A reverse proxy in front (nginx `client_header_timeout`, see docs/operations.md) does the
same job again at the edge; this is the floor when there is none.
"""

from __future__ import annotations

import asyncio
import logging
import resource
from dataclasses import dataclass
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT_SECONDS = 10.0
"""Slack sends its headers in one packet; ten seconds is generous for any real client."""
KEEP_ALIVE_SECONDS = 5
FD_HEADROOM = 64
"""File descriptors kept free for the database pool, the Slack client, the content watcher and logs."""
BACKLOG = 128
"""asyncio accepts up to this many connections in one go before an eviction's close takes effect, so the cap
leaves room for one such batch below the file limit."""
MAX_CONNECTIONS = 800
WARN_EVERY_SECONDS = 60.0

log = logging.getLogger("bot.slack.http_server")


@dataclass(frozen=True)
class EdgeLimits:
    """How long headers may take and how many connections may be open at once."""

    header_timeout: float = HEADER_TIMEOUT_SECONDS
    max_connections: int = MAX_CONNECTIONS
    keep_alive: int = KEEP_ALIVE_SECONDS

    def within_fd_limit(self) -> EdgeLimits:
        """`max_connections` lowered to fit this process's open-file limit, so the cap acts before EMFILE."""
        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft == resource.RLIM_INFINITY:
            return self
        fitting = max(8, min(self.max_connections, soft - FD_HEADROOM - BACKLOG))
        return EdgeLimits(self.header_timeout, fitting, self.keep_alive)


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a header deadline and a connection cap (see the module docstring)."""

    limits = EdgeLimits()
    _last_warning = -WARN_EVERY_SECONDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None
        self._waiting_since = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_headers()
        if len(self.connections) > self.limits.max_connections:
            self._evict_oldest_waiting()

    def handle_events(self) -> None:
        super().handle_events()
        if self._header_timer is not None and self.cycle is not None and not self.cycle.response_complete:
            self._stop_header_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._await_headers()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_header_timer()
        super().connection_lost(exc)

    def _await_headers(self) -> None:
        self._stop_header_timer()
        self._waiting_since = self.loop.time()
        self._header_timer = self.loop.call_later(self.limits.header_timeout, self._headers_too_slow)

    def _stop_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        log.info("closing a connection whose headers took over %.0f s", self.limits.header_timeout)
        self.transport.close()

    def _evict_oldest_waiting(self) -> None:
        waiting = [
            c
            for c in self.connections
            if isinstance(c, GuardedH11Protocol) and c is not self and c._header_timer is not None
        ]
        if not waiting:
            return
        oldest = min(waiting, key=lambda c: c._waiting_since)
        oldest._stop_header_timer()
        oldest.transport.close()
        now = self.loop.time()
        if now - GuardedH11Protocol._last_warning >= WARN_EVERY_SECONDS:  # a flood must not flood the logs
            GuardedH11Protocol._last_warning = now
            log.warning(
                "%d connections open (cap %d); closing the oldest ones still sending headers",
                len(self.connections),
                self.limits.max_connections,
            )


def guarded_protocol(limits: EdgeLimits) -> type[GuardedH11Protocol]:
    """A protocol class carrying `limits` (uvicorn instantiates the class itself, one per connection)."""
    return type("LimitedH11Protocol", (GuardedH11Protocol,), {"limits": limits})


def server_config(
    app: Any,
    *,
    host: str,
    port: int,
    limits: EdgeLimits | None = None,
    log_level: str = "info",
    graceful_seconds: int = 20,
) -> uvicorn.Config:
    """The uvicorn config for `serve`: guarded protocol, keep-alive bound, a deadline for draining on SIGTERM."""
    bound = (limits or EdgeLimits()).within_fd_limit()
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=guarded_protocol(bound),
        timeout_keep_alive=bound.keep_alive,
        timeout_graceful_shutdown=graceful_seconds,
        backlog=BACKLOG,
        log_level=log_level.lower(),
        access_log=False,
        log_config=None,  # uvicorn's records go to the root logger, in LOG_FORMAT
        lifespan="on",
    )
