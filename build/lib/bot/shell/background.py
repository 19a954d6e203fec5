"""Knowing when the bot has finished answering, so the shell prints a reply before the next prompt.

The app acks at once and does its Web API work in lazy listeners on Bolt's listener executor. The shell swaps
in an executor that counts unfinished tasks (tasks a task submits are counted before their parent finishes),
so "idle" means every reply to the last line has reached the local Web API stand-in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from slack_bolt import App


class TrackingExecutor(ThreadPoolExecutor):
    """A thread pool that can wait until it has no unfinished task."""

    def __init__(self, max_workers: int = 5) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="shell-listener")
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

    def wait_idle(self, timeout: float) -> bool:
        """True once nothing is running or queued; False if work is still going after `timeout` seconds."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)

    def _finished(self, _: object) -> None:
        with self._idle:
            self._pending -= 1
            if self._pending == 0:
                self._idle.notify_all()


def track_background_work(app: App) -> TrackingExecutor:
    """Run the app's listeners and lazy listeners on a tracking executor (Bolt exposes both runners)."""
    executor = TrackingExecutor()
    runner = app.listener_runner
    runner.listener_executor = executor
    runner.lazy_listener_runner.executor = executor  # type: ignore[attr-defined]
    return executor
