"""The usage report: questions per week by tier, how often the bot answered, active askers, digests posted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.store.recorded import WeekRow

TIERS = ("answer", "tentative", "none")
TIER_NAMES = {"answer": "answered", "tentative": "might help", "none": "nothing found"}


class UsageSource(Protocol):
    def weeks(self, starts: Sequence[dt.datetime]) -> list[WeekRow]: ...

    def digests_posted(self, since: dt.datetime) -> dict[dt.date, int]: ...


@dataclass(frozen=True, slots=True)
class Week:
    start: dt.date
    by_tier: dict[str, int]
    askers: int
    digests: int

    @property
    def questions(self) -> int:
        return sum(self.by_tier.values())

    def rate(self, tier: str) -> float | None:
        """Share of the week's questions that ended in `tier`; None for a week without questions."""
        return None if self.questions == 0 else self.by_tier.get(tier, 0) / self.questions


def week_starts(now: dt.datetime, weeks: int) -> list[dt.datetime]:
    """Mondays 00:00 UTC, oldest first, the last one being this week's."""
    today = now.astimezone(dt.UTC).date()
    monday = dt.datetime.combine(today - dt.timedelta(days=today.weekday()), dt.time(), tzinfo=dt.UTC)
    return [monday - dt.timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def usage(source: UsageSource, *, now: dt.datetime, weeks: int = 12) -> list[Week]:
    starts = week_starts(now, weeks)
    posted = source.digests_posted(starts[0])
    result = []
    for row in source.weeks(starts):
        first = row.start.date()
        digests = sum(n for day, n in posted.items() if first <= day < first + dt.timedelta(days=7))
        result.append(Week(first, {tier: row.by_tier.get(tier, 0) for tier in TIERS}, row.askers, digests))
    return result
