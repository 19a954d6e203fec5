"""`/insights report` behind the assistant: who may see it, and the gaps and articles it lists.

Owners come later from categories.yml `owners:`; until then DIGEST_ADMINS may see it, and everyone when no
admin is configured (a small team's default, the same rule digests follow).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import Any

from bot.analytics.articles import ArticleLine
from bot.analytics.reports import Reports
from bot.clock import utc_now
from bot.core.blocks import notices
from bot.core.blocks.owner_report import AttentionLine, GapLine, not_allowed, report_message

log = logging.getLogger(__name__)
REPORT_DAYS = 30
NOT_HELPFUL_SHARE = 0.5
"""An article with at least this share of "not helpful" votes (and two or more of them) needs a look."""


FRESH_FOR = dt.timedelta(minutes=5)
"""A built report is reused this long: `/insights report` answers inside Slack's 3-second ack, and on a year
of heavy traffic building it takes seconds."""


class OwnerSummary:
    def __init__(
        self, reports: Reports, admins: Sequence[str], *, clock: Callable[[], dt.datetime] = utc_now
    ) -> None:
        self._reports = reports
        self._admins = frozenset(admins)
        self._clock = clock
        self._built: tuple[dt.datetime, dict[str, Any]] | None = None

    def allowed(self, user_id: str) -> bool:
        return not self._admins or user_id in self._admins

    def handle(self, user_id: str) -> dict[str, Any]:
        if not self.allowed(user_id):
            return not_allowed()
        now = self._clock()
        if self._built is not None and now - self._built[0] < FRESH_FOR:
            return self._built[1]
        try:
            gaps = self._reports.gaps(since=dt.timedelta(days=REPORT_DAYS), limit=10)
            attention = [line for line in map(_attention, self._reports.articles()) if line is not None]
        except Exception:
            log.exception("building the report failed")
            return notices.trouble("I couldn't build the report just now; please try again.")
        lines = [GapLine(gap.text, gap.askers, gap.advice) for gap in gaps]
        message = report_message(lines, attention, days=REPORT_DAYS)
        self._built = (now, message)
        return message


def _attention(line: ArticleLine) -> AttentionLine | None:
    reasons = []
    if line.review.startswith("review by"):
        reasons.append(line.review)
    ratio = line.helpful_ratio
    if ratio is not None and line.not_helpful >= 2 and 1 - ratio >= NOT_HELPFUL_SHARE:
        reasons.append(f"{line.not_helpful} of {line.helpful + line.not_helpful} found it not helpful")
    return AttentionLine(line.title, "; ".join(reasons)) if reasons else None
