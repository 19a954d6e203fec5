"""A readiness probe that answers within its deadline even when the thing it probes hangs."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)


class Probe:
    """Runs `check` on one background thread; `ready(timeout)` waits at most `timeout` for it to succeed.

    A check still running from an earlier call (a hung server) is waited on again instead of starting another,
    so a hung database costs one stuck thread, not one per probe.
    """

    def __init__(self, check: Callable[[], None]) -> None:
        self._check = check
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._running: Future[None] | None = None

    def ready(self, timeout: float) -> bool:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-probe")
            if self._running is None or self._running.done():
                self._running = self._executor.submit(self._check)
            running = self._running
        try:
            running.result(timeout=timeout)
        except TimeoutError:
            log.warning("database did not answer within %.1f s: not ready", timeout)
            return False
        except Exception as exc:
            log.warning("database is not ready: %s", _first_line(exc))
            return False
        return True

    def close(self) -> None:
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor, self._running = None, None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0][:200]}" if text else type(exc).__name__
