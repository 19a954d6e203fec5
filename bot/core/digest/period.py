"""Digest periods: which week (or whatever the schedule says) `now` belongs to, and whether it is still due.

A period runs from one scheduled firing to the next. Its key is the firing time in UTC, so it names the same
period on every replica and does not move when the local clock changes for daylight saving.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.core.digest.cron import Cron
from bot.errors import CronError

_TICK = dt.timedelta(seconds=1)


@dataclass(frozen=True)
class Schedule:
    cron: Cron
    zone: ZoneInfo
    expression: str

    @classmethod
    def parse(cls, expression: str, timezone: str) -> Schedule:
        """Raises CronError for an expression that is malformed or can never fire (such as 30 February)."""
        try:
            zone = ZoneInfo(timezone)
        except (KeyError, ValueError) as exc:
            raise CronError(f"unknown time zone {timezone!r}") from exc
        schedule = cls(Cron.parse(expression), zone, expression)
        schedule.next_after(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
        return schedule

    def previous(self, now: dt.datetime) -> dt.datetime:
        return self.cron.previous(now, self.zone)

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        return self.cron.next(moment, self.zone)


@dataclass(frozen=True)
class Period:
    start: dt.datetime
    end: dt.datetime
    previous_start: dt.datetime

    @property
    def key(self) -> str:
        return self.start.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")

    def label(self, zone: ZoneInfo) -> str:
        """How the period is named in a digest: its local start day."""
        local = self.start.astimezone(zone)
        return f"{local.day} {local:%b %Y}"


class Timing(StrEnum):
    DUE = "due"
    MISSED = "missed"


def period_at(schedule: Schedule, now: dt.datetime) -> Period:
    """The period `now` falls in: from the latest firing at or before `now` to the next one."""
    start = schedule.previous(now)
    return Period(
        start=start, end=schedule.next_after(start), previous_start=schedule.previous(start - _TICK)
    )


def timing(period: Period, now: dt.datetime, grace: dt.timedelta) -> Timing:
    """Due within the grace window after the firing (the catch-up after downtime); missed after it."""
    return Timing.DUE if now - period.start <= grace else Timing.MISSED
