"""APScheduler wiring only: when to call `DigestRunner.run_due`. What is due, and exactly-once, live elsewhere.

Two jobs call the same idempotent run: the schedule itself (punctual, from the pure cron in
`bot.core.digest`, so APScheduler and the period keys can never disagree about DST), and a short tick that
catches up after downtime and retries failed posts within the grace window. The tick also fires at start-up.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import utc_now
from bot.core.digest import Schedule

log = logging.getLogger("bot.scheduler")

TICK_SECONDS = 300
HOUSEKEEPING_SECONDS = 3600
DIGEST_JOB = "digest"
TICK_JOB = "digest-tick"
HOUSEKEEPING_JOB = "housekeeping"


class ScheduleTrigger(BaseTrigger):  # type: ignore[misc]  # APScheduler 3 ships no type hints
    """An APScheduler trigger that fires when the digest `Schedule` says, in its time zone."""

    def __init__(self, schedule: Schedule) -> None:
        self.schedule = schedule

    def get_next_fire_time(self, previous_fire_time: dt.datetime | None, now: dt.datetime) -> dt.datetime:
        if previous_fire_time is not None:
            return self.schedule.next_after(previous_fire_time)
        return self.schedule.next_after(now - dt.timedelta(microseconds=1))

    def __str__(self) -> str:
        return f"digest schedule {self.schedule.expression!r} ({self.schedule.zone.key})"


class DigestScheduler:
    def __init__(
        self,
        run_due: Callable[[], object],
        schedule: Schedule,
        *,
        tick_seconds: float = TICK_SECONDS,
        blocking: bool = False,
        housekeeping: Callable[[], object] | None = None,
        on_stop: Callable[[], object] | None = None,
    ) -> None:
        """`housekeeping` (hourly) is for chores such as forgetting old Slack event keys; `on_stop` runs first
        thing in `stop()` (the runner's shutdown: finish or release the digest in flight)."""
        self._run_due = run_due
        self._on_stop = on_stop
        self._housekeeping = housekeeping
        self._schedule = schedule
        self._tick_seconds = tick_seconds
        self._busy = threading.Lock()
        self.scheduler: BaseScheduler = (
            BlockingScheduler(timezone=dt.UTC) if blocking else BackgroundScheduler(timezone=dt.UTC)
        )

    def add_jobs(self) -> None:
        common = {"func": self.run_once, "coalesce": True, "max_instances": 1, "misfire_grace_time": None}
        self.scheduler.add_job(id=DIGEST_JOB, trigger=ScheduleTrigger(self._schedule), **common)
        self.scheduler.add_job(
            id=TICK_JOB,
            trigger=IntervalTrigger(seconds=self._tick_seconds, timezone=dt.UTC),
            next_run_time=utc_now(),
            **common,
        )
        if self._housekeeping is not None:
            self.scheduler.add_job(
                self._chore,
                id=HOUSEKEEPING_JOB,
                trigger=IntervalTrigger(seconds=HOUSEKEEPING_SECONDS, timezone=dt.UTC),
                coalesce=True,
                max_instances=1,
            )

    def start(self) -> None:
        """Background mode returns at once; blocking mode (`insights-bot scheduler`) runs until stopped."""
        self.add_jobs()
        self.scheduler.start()

    def stop(self) -> None:
        """Idempotent; what SIGTERM should call, so a restart does not wait out a digest claim's lease."""
        if self._on_stop is not None:
            try:
                self._on_stop()
            except Exception:
                log.exception("stopping the digest runner failed; its claims expire with their lease")
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)

    def _chore(self) -> None:
        try:
            if self._housekeeping is not None:
                self._housekeeping()
        except Exception:
            log.exception("housekeeping failed; it runs again in an hour")

    def run_once(self) -> bool:
        """Run unless a run is already going in this process (the database would make it harmless anyway)."""
        if not self._busy.acquire(blocking=False):
            return False
        try:
            self._run_due()
        except Exception:
            log.exception("digest run failed; the next tick will try again")
        finally:
            self._busy.release()
        return True
