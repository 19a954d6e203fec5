"""The composition root: `Settings` in, the wired bot out, for the CLI, the shell, the tests and the benchmarks.

`build(settings)` is the one place concrete objects are made (store, live catalog, digests, the assistant, the
Slack app, the scheduler); nothing is built at import time. Everything it needs comes from `Settings`, so a
caller that wants the bot pointed elsewhere (the shell at its local Slack stand-in, a test at its fake) passes
settings that say so, plus, for tests, a clock.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bot.clock import utc_now

if TYPE_CHECKING:
    from pydantic import SecretStr

    from bot.analytics import Recorder, UserKeys
    from bot.assistant import Assistant, NewestFirst
    from bot.core.digest import Schedule
    from bot.declared_subscriptions import DeclaredSubscriptions
    from bot.digests import DigestConfig, DigestRunner, Poster
    from bot.live_catalog import LiveCatalog, Snapshot
    from bot.metrics import Metrics
    from bot.scheduler import DigestScheduler
    from bot.semantic import Encoder, SemanticUnavailable
    from bot.semantic.background import MeaningBuilder
    from bot.settings import Settings
    from bot.slack.app import SlackBot
    from bot.slack.edge import SlackEdge
    from bot.store import Store
    from bot.subscriptions import SubscriptionService

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]


def revealed(secret: SecretStr | None) -> str | None:
    """The one place a token leaves its `SecretStr`, on its way into a client that needs the raw value."""
    return secret.get_secret_value() if secret is not None else None


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
        self.newest.note(snapshot, seen)

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
        )
        slack = build_slack_app(
            self.assistant,
            config,
            claims=self.store,
            clock=self.clock,
            catalog_version=lambda: self.catalog.current.version,
            metrics=self.metrics,
        )
        self._closers.append(slack.close)
        return slack

    def edge(self, slack: SlackBot) -> SlackEdge:
        from bot.slack.edge import SlackEdge

        return SlackEdge(slack.app, slack.config.signing_secret)

    def scheduler(self, *, blocking: bool = False) -> DigestScheduler:
        """Not started: call `.start()` (background for `run`, blocking for `insights-bot scheduler`), `.stop()`.

        Its hourly housekeeping forgets Slack event keys older than a day (Slack retries within minutes) and,
        once a day, analytics rows older than RETENTION_DAYS.
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

    guard_logs(settings)
    metrics = Metrics()
    store = build_store(settings)
    event.listen(store.engine, "handle_error", metrics.database_error)
    live = catalog or _live_catalog(settings)
    metrics.catalog_seen(live.current)
    live.subscribe(metrics.catalog_loaded)
    runner, service, declared = _digests(settings, store, live, clock, poster, metrics)
    recorder = Recorder(store, user_keys(settings))
    assistant = _assistant(settings, live, store, service, clock, recorder, metrics)
    bot = Bot(
        settings,
        live,
        store,
        runner,
        service,
        declared,
        assistant,
        assistant.newest,
        clock,
        metrics,
        recorder,
    )
    bot._closers.append(recorder.close)  # first in, last closed: queued analytics are written before exit
    return bot


def _digests(
    settings: Settings, store: Store, live: LiveCatalog, clock: Clock, poster: Poster | None, metrics: Metrics
) -> tuple[DigestRunner, SubscriptionService, DeclaredSubscriptions]:
    """The exactly-once runner, the subscription commands and `digests.yml`, posting through the Web API
    client every part of the bot uses (SLACK_API_URL, retry handlers)."""
    from bot.declared_subscriptions import DeclaredSubscriptions
    from bot.digests import DigestRunner
    from bot.slack.digest_poster import SlackChannelAccess, SlackPoster
    from bot.slack.web_client import build_web_client
    from bot.subscriptions import SubscriptionService

    token = revealed(settings.slack_bot_token) or ""
    client = build_web_client(token, settings.slack_api_url, observe=metrics.slack_error)
    config = digest_config(settings)
    runner = DigestRunner(
        store, poster or SlackPoster(client), lambda: live.current.catalog, config, clock=clock
    )
    access = SlackChannelAccess(client) if token else None
    service = SubscriptionService(
        store, lambda: live.current, runner, channel_access=access, admins=settings.digest_admins, clock=clock
    )
    declared = DeclaredSubscriptions(
        settings.content_dir, store, clock=clock, period_start=lambda: runner.current_period().start
    )
    return runner, service, declared


def _assistant(
    settings: Settings,
    live: LiveCatalog,
    store: Store,
    service: SubscriptionService,
    clock: Clock,
    recorder: Recorder,
    metrics: Metrics,
) -> Assistant:
    from bot.analytics.owner_summary import OwnerSummary
    from bot.analytics.reports import Reports
    from bot.assistant import Assistant, NewestFirst
    from bot.assistant.links import ArticleLinks

    return Assistant(
        live,
        store,
        subscriptions=service,
        newest=NewestFirst(),
        clock=clock,
        links=ArticleLinks(settings.article_link_template, settings.content_dir),
        recorder=recorder,
        reports=OwnerSummary(Reports(store, live, clock=clock), settings.digest_admins, clock=clock),
        on_answer=metrics.answered,
    )


def user_keys(settings: Settings) -> UserKeys:
    from bot.analytics import UserKeys

    return UserKeys(keep_raw=settings.analytics_keep_user_ids, salt=revealed(settings.analytics_salt))


def meaning_for(settings: Settings) -> MeaningBuilder | None:
    """The semantic signal for each catalog version, or None (words only) when the model is off or broken;
    the model is loaded once per process and settings (`EMBEDDING_MODEL`). A large first-time embedding runs
    in the background (`MeaningBuilder`)."""
    from bot.semantic import SemanticUnavailable
    from bot.semantic.background import MeaningBuilder

    encoder = _encoder(settings.embedding_model, settings.embedding_threads, settings.data_dir / "models")
    if isinstance(encoder, SemanticUnavailable):
        return None
    return MeaningBuilder(encoder, settings.data_dir / "vectors", _EmbeddingProgress)


def _live_catalog(settings: Settings) -> LiveCatalog:
    from bot.live_catalog import LiveCatalog

    builder = meaning_for(settings)
    live = LiveCatalog(settings.content_dir, meaning=builder)
    if builder is not None:
        builder.on_ready = live.reload  # a background embedding swaps in a snapshot with meaning when done
    return live


@functools.lru_cache(maxsize=4)
def _encoder(spec: str, threads: int, cache_dir: Path) -> Encoder | SemanticUnavailable:
    from bot.semantic import load_encoder

    return load_encoder(spec, cache_dir, threads)


QUIET_EMBEDDING = 200
"""Fewer new texts than this embed in seconds: no progress lines."""


class _EmbeddingProgress:
    """First-time embedding of a large catalog takes minutes: say how far it is, every tenth of the way."""

    def __init__(self) -> None:
        self._shown = -1

    def __call__(self, done: int, total: int) -> None:
        if total < QUIET_EMBEDDING:
            return
        tenth = done * 10 // max(total, 1)
        if tenth > self._shown:
            self._shown = tenth
            log.warning("embedding articles for semantic search: %d of %d", done, total)


def guard_logs(settings: Settings) -> None:
    """No token, signing secret or response_url reaches any log line, library loggers included."""
    from bot.slack.redact import install_log_redaction

    secrets = (settings.slack_bot_token, settings.slack_app_token, settings.slack_signing_secret)
    install_log_redaction(value for secret in secrets if (value := revealed(secret)))


def build_store(settings: Settings) -> Store:
    """Connected and migrated, so a fresh checkout's `make run` works on the embedded SQLite file."""
    from bot.store import Store

    store = Store.connect(
        settings.effective_database_url,
        connect_timeout=settings.database_connect_timeout,
        statement_timeout=settings.database_statement_timeout,
    )
    store.upgrade()
    return store


def digest_schedule(settings: Settings) -> Schedule:
    from bot.core.digest import Schedule

    return Schedule.parse(settings.digest_schedule, settings.digest_timezone)


def digest_config(settings: Settings) -> DigestConfig:
    from bot.digests import DigestConfig

    return DigestConfig(
        schedule=digest_schedule(settings),
        grace=dt.timedelta(hours=settings.digest_grace_hours),
        archive_count=settings.digest_archive_count,
        post_empty=settings.digest_post_empty,
    )
