"""The thread pool that runs the app's listeners and lazy listeners, and knows when they are all done.

Bolt runs listeners on the executor it is given. Owning that executor lets the app close its threads when it
closes, and lets the shell and the tests wait until every reply to a request has reached Slack, instead of
sleeping and hoping: tasks a task submits are counted before their parent finishes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

DEFAULT_WORKERS = 16


class Workers(ThreadPoolExecutor):
    """A thread pool that can wait until it has no unfinished task."""

    def __init__(self, max_workers: int = DEFAULT_WORKERS) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="insights-listener")
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._idle:
            self._pending += 1
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._finished(None)
            raise
        future.add_done_callback(self._finished)
        return future

    @property
    def pending(self) -> int:
        """Tasks running or queued: what `/readyz` compares with `capacity` to report saturation."""
        return self._pending

    @property
    def capacity(self) -> int:
        return self._max_workers

    def wait_idle(self, timeout: float) -> bool:
        """True once nothing is running or queued; False if work is still going after `timeout` seconds."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)

    def _finished(self, _: object) -> None:
        with self._idle:
            self._pending -= 1
            if self._pending == 0:
                self._idle.notify_all()
