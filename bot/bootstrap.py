"""The composition root: `Settings` in, the wired bot out, for the CLI, the shell, the tests and the benchmarks.

`build(settings)` is the one place concrete objects are made (store, live catalog, digests, the assistant, the
Slack app, the scheduler); nothing is built at import time. Everything it needs comes from `Settings`, so a
caller that wants the bot pointed elsewhere (the shell at its local Slack stand-in, a test at its fake) passes
settings that say so, plus, for tests, a clock.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.bootstrap_config import Clock, build_store, digest_config, digest_schedule, guard_logs, revealed
from bot.clock import utc_now
from bot.wiring import first_commits, meaning_for

__all__ = ["Bot", "build", "build_store", "digest_config", "digest_schedule", "meaning_for", "revealed"]

if TYPE_CHECKING:
    from bot.analytics import Recorder
    from bot.assistant import Assistant, NewestFirst
    from bot.declared_subscriptions import DeclaredSubscriptions
    from bot.digests import DigestRunner, Poster
    from bot.live_catalog import LiveCatalog, Snapshot
    from bot.metrics import Metrics
    from bot.owners import OwnersRunner
    from bot.scheduler import DigestScheduler
    from bot.settings import Settings
    from bot.slack.app import SlackBot
    from bot.slack.edge import SlackEdge
    from bot.store import Store
    from bot.subscriptions import SubscriptionService

log = logging.getLogger(__name__)


@dataclass
class Bot:
    """The wired application. `slack()` and `scheduler()` build the parts only some commands need."""

    settings: Settings
    catalog: LiveCatalog
    store: Store
    runner: DigestRunner
    subscriptions: SubscriptionService
    declared: DeclaredSubscriptions
    assistant: Assistant
    newest: NewestFirst
    clock: Clock
    metrics: Metrics
    recorder: Recorder
    owners: OwnersRunner | None = None  # the owners' weekly post (bot/owners.py), ticked beside the digests
    _closers: list[Callable[[], None]] = field(default_factory=list)
    _analytics_pruned: dt.datetime | None = None

    def follow_catalog(self) -> None:
        """Apply digests.yml, record first-seen times and order the newest articles now and after every
        reload; then watch `content/` for changes."""
        self._on_snapshot(self.catalog.current)
        self.catalog.subscribe(self._on_snapshot)

    def watch(self) -> None:
        self.catalog.start(self.settings.content_poll_seconds)
        self._closers.append(self.catalog.stop)

    def _on_snapshot(self, snapshot: Snapshot) -> None:
        self.declared(snapshot)
        try:
            seen = self.runner.note_catalog(snapshot.catalog)
        except Exception:
            log.exception("could not record first-seen times; newest-first falls back to published dates")
            seen = {}
        self.newest.note(snapshot, {**seen, **first_commits(snapshot.catalog, self.settings.content_dir)})

    def slack(self, *, verify_token: bool = False, bolt_verifies: bool = False) -> SlackBot:
        """The Bolt app around the assistant, closed with the bot."""
        from bot.slack.app import SlackConfig, build_slack_app

        settings = self.settings
        config = SlackConfig(
            bot_token=revealed(settings.slack_bot_token) or "",
            api_url=settings.slack_api_url,
            signing_secret=revealed(settings.slack_signing_secret),
            verify_token=verify_token,
            bolt_verifies=bolt_verifies,
            reply_lease_seconds=settings.reply_lease_seconds,
        )
        slack = build_slack_app(
            self.assistant,
            config,
            claims=self.store,
            clock=self.clock,
            catalog_version=lambda: self.catalog.current.version,
            metrics=self.metrics,
            outbox=self.store,
        )
        self._closers.append(slack.close)
        return slack

    def edge(self, slack: SlackBot) -> SlackEdge:
        from bot.slack.edge import SlackEdge

        return SlackEdge(slack.app, slack.config.signing_secret)

    def scheduler(self, *, blocking: bool = False) -> DigestScheduler:
        """Not started: call `.start()` (background for `run`, blocking for `insights-bot scheduler`), `.stop()`.

        Its hourly housekeeping forgets Slack event keys, and the reply outbox rows claimed with them, older
        than a day (Slack retries within minutes) and, once a day, analytics rows older than RETENTION_DAYS.
        """
        from bot.scheduler import DigestScheduler

        def forget_old_events() -> None:
            self.store.prune_events(self.clock() - dt.timedelta(days=1))
            self.forget_old_analytics()

        return DigestScheduler(
            self.run_due,
            digest_schedule(self.settings),
            blocking=blocking,
            housekeeping=forget_old_events,
            on_stop=self.runner.shutdown,
        )

    def forget_old_analytics(self) -> int:
        """Delete recorded questions, article events and votes past RETENTION_DAYS, at most once a day."""
        now = self.clock()
        if self._analytics_pruned is not None and now - self._analytics_pruned < dt.timedelta(days=1):
            return 0
        self._analytics_pruned = now
        return self.store.prune_analytics(now - dt.timedelta(days=self.settings.retention_days))

    def run_due(self) -> object:
        """The scheduler's tick: settle `digests.yml` (a removal waits until the file is stable), then post."""
        self.declared.poll()
        report = self.runner.run_due()
        self.metrics.digest_outcomes(result.outcome.value for result in report.results)
        if self.owners is not None:
            try:
                self.owners.run_due()
            except Exception:
                log.exception("the owners' weekly post failed this tick; retried at the next one")
        return report

    def close(self) -> None:
        """Stop what was started, newest first, then the database."""
        while self._closers:
            self._closers.pop()()
        self.store.close()


def build(
    settings: Settings,
    *,
    clock: Clock = utc_now,
    poster: Poster | None = None,
    catalog: LiveCatalog | None = None,
) -> Bot:
    """The whole bot, wired; `catalog` lets tests share one loaded catalog, `poster` replaces Slack posting."""
    from sqlalchemy import event

    from bot.analytics import Recorder
    from bot.metrics import Metrics
    from bot.wiring import live_catalog, user_keys, wire_assistant, wire_digests, wire_owners

    guard_logs(settings)
    metrics = Metrics()
    store = build_store(settings)
    event.listen(store.engine, "handle_error", metrics.database_error)
    live = catalog or live_catalog(settings)
    metrics.catalog_seen(live.current)
    live.subscribe(metrics.catalog_loaded)
    runner, service, declared = wire_digests(settings, store, live, clock, poster, metrics)
    recorder = Recorder(store, user_keys(settings))
    assistant = wire_assistant(settings, live, store, service, clock, recorder, metrics)
    owners = wire_owners(settings, store, live, clock, runner.poster)
    parts = (runner, service, declared, assistant, assistant.newest)
    bot = Bot(settings, live, store, *parts, clock, metrics, recorder, owners)
    bot._closers.append(recorder.close)  # first in, last closed: queued analytics are written before exit
    return bot
