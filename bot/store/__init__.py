"""Storage: subscriptions, digest runs, sent articles, first-seen times, event claims, feedback."""

from bot.errors import UnsupportedDatabase
from bot.store.records import Claim, DigestRun, RunState, Subscription
from bot.store.store import Store

__all__ = ["Claim", "DigestRun", "RunState", "Store", "Subscription", "UnsupportedDatabase"]
