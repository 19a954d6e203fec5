"""The wall clock, in one place: whatever needs "now" takes a clock argument, and this is the real one."""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    """Always timezone-aware UTC: the store refuses naive times, and digest period keys are UTC."""
    return dt.datetime.now(dt.UTC)
