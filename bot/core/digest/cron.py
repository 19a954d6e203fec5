"""Five-field cron expressions evaluated in a time zone, in pure Python so digest periods need no scheduler.

Daylight saving: a time that happens twice (clocks go back) fires once, at its first occurrence; a time that
does not exist (clocks go forward) fires once, as far past the jump as it was into the gap (02:30 -> 03:30).
Days of week follow cron: 0 and 7 are Sunday; names (mon..sun, jan..dec) are accepted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.errors import CronError

SEARCH_DAYS = 366 * 8 + 2
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def _value(text: str, names: tuple[str, ...], name_base: int) -> int:
    lowered = text.lower()
    if lowered in names:
        return names.index(lowered) + name_base
    if not text.isdigit():
        raise CronError(f"{text!r} is not a number{' or a name' if names else ''}")
    return int(text)


def _field(
    text: str, label: str, low: int, high: int, names: tuple[str, ...] = (), base: int = 0
) -> frozenset[int]:
    values: set[int] = set()
    for part in text.split(","):
        span, _, step_text = part.partition("/")
        step = 1
        if step_text:
            if not step_text.isdigit() or int(step_text) == 0:
                raise CronError(f"{label}: step {step_text!r} must be a positive number")
            step = int(step_text)
        try:
            if span == "*":
                start, end = low, high
            elif "-" in span:
                first, _, last = span.partition("-")
                start, end = _value(first, names, base), _value(last, names, base)
            else:
                start = _value(span, names, base)
                end = high if step_text else start
        except CronError as exc:
            raise CronError(f"{label}: {exc}") from None
        if not (low <= start <= high and low <= end <= high) or start > end:
            raise CronError(f"{label}: {part!r} is outside {low}-{high}")
        values.update(range(start, end + 1, step))
    return frozenset(values)


@dataclass(frozen=True)
class Cron:
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday
    days_restricted: bool
    weekdays_restricted: bool

    @classmethod
    def parse(cls, expression: str) -> Cron:
        fields = expression.split()
        if len(fields) != 5:
            raise CronError(f"expected 5 fields (minute hour day month weekday), got {len(fields)}")
        minute, hour, day, month, weekday = fields
        weekdays = _field(weekday, "weekday", 0, 7, _DAYS, 0)
        return cls(
            minutes=_field(minute, "minute", 0, 59),
            hours=_field(hour, "hour", 0, 23),
            days=_field(day, "day of month", 1, 31),
            months=_field(month, "month", 1, 12, _MONTHS, 1),
            weekdays=frozenset(value % 7 for value in weekdays),
            days_restricted=day != "*",
            weekdays_restricted=weekday != "*",
        )

    def matches_date(self, date: dt.date) -> bool:
        """Cron's rule: when both day fields are restricted, either may match."""
        if date.month not in self.months:
            return False
        day_ok = date.day in self.days
        weekday_ok = (date.isoweekday() % 7) in self.weekdays
        if self.days_restricted and self.weekdays_restricted:
            return day_ok or weekday_ok
        return day_ok and weekday_ok

    def _instants(self, date: dt.date, zone: ZoneInfo) -> list[dt.datetime]:
        if not self.matches_date(date):
            return []
        instants = {
            dt.datetime(date.year, date.month, date.day, hour, minute, tzinfo=zone).astimezone(dt.UTC)
            for hour in self.hours
            for minute in self.minutes
        }
        return sorted(instants)

    def previous(self, now: dt.datetime, zone: ZoneInfo) -> dt.datetime:
        """The latest firing at or before `now`, in UTC."""
        local = now.astimezone(zone).date()
        for back in range(-1, SEARCH_DAYS):
            date = local - dt.timedelta(days=back)
            earlier = [instant for instant in self._instants(date, zone) if instant <= now]
            if earlier:
                return earlier[-1]
        raise CronError("the schedule never fires")

    def next(self, after: dt.datetime, zone: ZoneInfo) -> dt.datetime:
        """The earliest firing strictly after `after`, in UTC."""
        local = after.astimezone(zone).date()
        for forward in range(-1, SEARCH_DAYS):
            date = local + dt.timedelta(days=forward)
            later = [instant for instant in self._instants(date, zone) if instant > after]
            if later:
                return later[0]
        raise CronError("the schedule never fires")
