"""Digest logic without I/O: schedules and periods, catch-up vs missed, and what a digest contains."""

from bot.core.digest.compose import Digest, compose_digest
from bot.core.digest.cron import Cron
from bot.core.digest.declared import DECLARED_FILE, Declared, declared_problems, parse_declared
from bot.core.digest.period import Period, Schedule, Timing, period_at, timing
from bot.errors import CronError

__all__ = [
    "DECLARED_FILE",
    "Cron",
    "CronError",
    "Declared",
    "Digest",
    "Period",
    "Schedule",
    "Timing",
    "compose_digest",
    "declared_problems",
    "parse_declared",
    "period_at",
    "timing",
]
