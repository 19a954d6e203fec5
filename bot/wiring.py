"""The parts the composition root (`bot.bootstrap.build`) assembles: digests, the assistant, the owners' post,
the live catalog with its meaning. Split from `bootstrap` only to keep each module readable; nothing else
calls these.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from bot.bootstrap_config import digest_config, revealed

if TYPE_CHECKING:
    from bot.analytics import Recorder, UserKeys
    from bot.assistant import Assistant
    from bot.bootstrap_config import Clock
    from bot.core.catalog import Catalog
    from bot.declared_subscriptions import DeclaredSubscriptions
    from bot.digests import DigestRunner, Poster
    from bot.live_catalog import LiveCatalog
    from bot.metrics import Metrics
    from bot.owners import OwnersRunner
    from bot.semantic import Encoder, SemanticUnavailable
    from bot.semantic.background import MeaningBuilder
    from bot.settings import Settings
    from bot.store import Store
    from bot.subscriptions import SubscriptionService

log = logging.getLogger("bot.bootstrap")


def wire_digests(
    settings: Settings, store: Store, live: LiveCatalog, clock: Clock, poster: Poster | None, metrics: Metrics
) -> tuple[DigestRunner, SubscriptionService, DeclaredSubscriptions]:
    """The exactly-once runner, the subscription commands and `digests.yml`, posting through the Web API
    client every part of the bot uses (SLACK_API_URL, retry handlers)."""
    from bot.declared_subscriptions import DeclaredSubscriptions
    from bot.digests import DigestRunner
    from bot.slack.digest_poster import SlackChannelAccess, SlackPoster
    from bot.slack.slack_errors import plain
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
        store,
        lambda: live.current,
        runner,
        channel_access=access,
        admins=settings.digest_admins,
        clock=clock,
        describe_error=plain,
    )
    declared = DeclaredSubscriptions(
        settings.content_dir, store, clock=clock, period_start=lambda: runner.current_period().start
    )
    return runner, service, declared


def wire_assistant(
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
        admins=settings.digest_admins,
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


def live_catalog(settings: Settings) -> LiveCatalog:
    """The catalog and its index; a restart with unchanged articles reads the lexical index back from
    DATA_DIR/index instead of building it (`IndexSnapshots`)."""
    from bot.live_catalog import LiveCatalog
    from bot.search_snapshot import IndexSnapshots

    builder = meaning_for(settings)
    snapshots = IndexSnapshots(settings.data_dir / "index")
    live = LiveCatalog(settings.content_dir, meaning=builder, index=snapshots.build)
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


def wire_owners(
    settings: Settings, store: Store, live: LiveCatalog, clock: Clock, poster: Poster
) -> OwnersRunner:
    """The owners' weekly post, riding the digests' exactly-once claims and the same poster."""
    from bot.owners import OwnersRunner, categorizer

    catalog = lambda: live.current.catalog  # noqa: E731 - read at each tick, after reloads
    return OwnersRunner(
        store, poster, catalog, categorizer(lambda: live.current.index), digest_config(settings), clock=clock
    )


def first_commits(catalog: Catalog, content_dir: Path) -> dict[str, dt.datetime]:
    """Each article's first commit in git (when `content/` is a checkout): when it really appeared, a better
    age than when this bot first saw it."""
    from bot.git_dates import commit_dates

    dates = commit_dates(content_dir)
    found = {}
    for article in catalog.articles:
        committed = dates.get(article.path.resolve()) if article.path is not None else None
        if committed is not None:
            found[article.slug] = committed.first
    return found
