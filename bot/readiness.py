"""Whether this replica should get traffic now: the answer behind `/readyz` (and the Socket Mode side port).

Liveness (`/healthz`) only says the process answers; restarting a replica because its database is slow would
restart every replica at once. Readiness says "send Slack's requests elsewhere for now", which is right when
the database cannot claim events, when the catalog is only problems (every search would come back empty), or
when the listener threads are so far behind that an ack would miss Slack's 3 seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from bot.live_catalog import Snapshot

PING_TIMEOUT_SECONDS = 1.0
SATURATED_PER_WORKER = 4
"""Queued tasks per listener thread before the replica reports itself saturated."""


class Pingable(Protocol):
    def ping(self, timeout: float = ...) -> bool: ...


class Queue(Protocol):
    @property
    def pending(self) -> int: ...

    @property
    def capacity(self) -> int: ...


def readiness(
    store: Pingable, snapshot: Callable[[], Snapshot], workers: Queue | None = None
) -> Callable[[], list[str]]:
    """A check returning one plain reason per failing dependency (empty when ready)."""

    def check() -> list[str]:
        reasons = []
        if not store.ping(PING_TIMEOUT_SECONDS):
            reasons.append(f"database did not answer within {PING_TIMEOUT_SECONDS:.0f} s")
        catalog = snapshot().catalog
        if not catalog.articles and catalog.problems:
            reasons.append(
                f"catalog has no articles ({len(catalog.problems)} problems; see insights-bot check)"
            )
        if workers is not None and workers.pending >= workers.capacity * SATURATED_PER_WORKER:
            reasons.append(f"{workers.pending} tasks queued for {workers.capacity} listener threads")
        return reasons

    return check
