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

    from bot.assistant import Assistant, NewestFirst
    from bot.core.catalog import Catalog
    from bot.core.digest import Schedule
    from bot.core.search.engine import Meaning
    from bot.declared_subscriptions import DeclaredSubscriptions
    from bot.digests import DigestConfig, DigestRunner, Poster
    from bot.live_catalog import LiveCatalog, MeaningFor, Snapshot
    from bot.owners import OwnersRunner
    from bot.scheduler import DigestScheduler
    from bot.semantic import Encoder, SemanticUnavailable
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
    owners: OwnersRunner | None = None  # the owners' weekly post (bot/owners.py), ticked beside the digests
    _closers: list[Callable[[], None]] = field(default_factory=list)

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
        )
        self._closers.append(slack.close)
        return slack

    def edge(self, slack: SlackBot) -> SlackEdge:
        from bot.slack.edge import SlackEdge

        return SlackEdge(slack.app, slack.config.signing_secret)

    def scheduler(self, *, blocking: bool = False) -> DigestScheduler:
        """Not started: call `.start()` (background for `run`, blocking for `insights-bot scheduler`), `.stop()`.

        Its hourly housekeeping forgets Slack event keys older than a day (Slack retries within minutes).
        """
        from bot.scheduler import DigestScheduler

        def forget_old_events() -> None:
            self.store.prune_events(self.clock() - dt.timedelta(days=1))

        return DigestScheduler(
            self.run_due,
            digest_schedule(self.settings),
            blocking=blocking,
            housekeeping=forget_old_events,
            on_stop=self.runner.shutdown,
        )

    def run_due(self) -> object:
        """The scheduler's tick: settle `digests.yml` (a removal waits until the file is stable), then post."""
        self.declared.poll()
        report = self.runner.run_due()
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
    from bot.assistant import Assistant, NewestFirst
    from bot.assistant.links import ArticleLinks
    from bot.declared_subscriptions import DeclaredSubscriptions
    from bot.digests import DigestRunner
    from bot.live_catalog import LiveCatalog
    from bot.owners import OwnersRunner, categorizer
    from bot.slack.digest_poster import SlackChannelAccess, SlackPoster
    from bot.slack.web_client import build_web_client
    from bot.subscriptions import SubscriptionService

    guard_logs(settings)
    store = build_store(settings)
    live = catalog or LiveCatalog(settings.content_dir, meaning=meaning_for(settings))
    token = revealed(settings.slack_bot_token) or ""
    client = build_web_client(token, settings.slack_api_url)
    poster = poster or SlackPoster(client)
    runner = DigestRunner(
        store,
        poster,
        lambda: live.current.catalog,
        digest_config(settings),
        clock=clock,
    )
    service = SubscriptionService(
        store,
        lambda: live.current,
        runner,
        channel_access=SlackChannelAccess(client) if token else None,
        admins=settings.digest_admins,
        clock=clock,
    )
    declared = DeclaredSubscriptions(
        settings.content_dir, store, clock=clock, period_start=lambda: runner.current_period().start
    )
    newest = NewestFirst()
    links = ArticleLinks(settings.article_link_template, settings.content_dir)
    assistant = Assistant(
        live,
        store,
        subscriptions=service,
        newest=newest,
        clock=clock,
        links=links,
        admins=settings.digest_admins,
    )
    owners = OwnersRunner(
        store,
        poster,
        lambda: live.current.catalog,
        categorizer(lambda: live.current.index),
        digest_config(settings),
        clock=clock,
    )
    return Bot(settings, live, store, runner, service, declared, assistant, newest, clock, owners)


def meaning_for(settings: Settings) -> MeaningFor | None:
    """The semantic signal for each catalog version, or None (words only) when the model is off or broken;
    the model is loaded once per process and settings (`EMBEDDING_MODEL`)."""
    from bot.semantic import SemanticUnavailable

    encoder = _encoder(settings.embedding_model, settings.embedding_threads, settings.data_dir / "models")
    if isinstance(encoder, SemanticUnavailable):
        return None
    cache_root = settings.data_dir / "vectors"

    def build_meaning(catalog: Catalog) -> Meaning | None:
        from bot.semantic import EmbeddingError
        from bot.semantic.meaning import CatalogMeaning

        try:
            return CatalogMeaning.build(catalog.articles, encoder, cache_root, _EmbeddingProgress())
        except EmbeddingError as exc:
            log.warning("semantic search unavailable for this catalog version (%s); using words only", exc)
            return None

    return build_meaning


@functools.lru_cache(maxsize=4)
def _encoder(spec: str, threads: int, cache_dir: Path) -> Encoder | SemanticUnavailable:
    from bot.semantic import load_encoder

    return load_encoder(spec, cache_dir, threads)


class _EmbeddingProgress:
    """First-time embedding of a large catalog takes minutes: say how far it is, every tenth of the way."""

    def __init__(self) -> None:
        self._shown = -1

    def __call__(self, done: int, total: int) -> None:
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
