"""The composition root: `Settings` in, wired objects out, for the CLI and for test fixtures.

Nothing else builds concrete engines, clients, schedulers or Bolt apps; nothing is built at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.clock import utc_now

if TYPE_CHECKING:
    from pydantic import SecretStr
    from slack_bolt import App

    from bot.live_catalog import LiveCatalog
    from bot.settings import Settings
    from bot.slack.app import SlackDeps
    from bot.store import Store


def _revealed(secret: SecretStr | None) -> str | None:
    """The one place a token leaves its `SecretStr`, on its way into a client that needs the raw value."""
    return secret.get_secret_value() if secret is not None else None


# -- Slack wiring used by `run`, `serve` and `shell` (engineer M; the lead may fold these into the full root) --
def build_store(settings: Settings) -> Store:
    """Connected and migrated, so a fresh checkout's `make run` works on the embedded SQLite file."""
    from bot.store import Store

    store = Store.connect(settings.effective_database_url)
    store.upgrade()
    return store


def build_live_catalog(settings: Settings) -> LiveCatalog:
    from bot.live_catalog import LiveCatalog

    return LiveCatalog(settings.content_dir)


def build_slack_deps(
    settings: Settings,
    live_catalog: LiveCatalog,
    store: Store,
    *,
    bot_token: str | None = None,
    api_url: str | None = None,
    signing_secret: str | None = None,
    verify_token: bool = False,
    subscriptions: SubscriptionService | None = None,
) -> SlackDeps:
    """Settings-derived deps; the keyword overrides let the shell point the same app at its local stand-in."""
    from bot.slack.app import SlackDeps

    token = bot_token or _revealed(settings.slack_bot_token) or ""
    secret = signing_secret or _revealed(settings.slack_signing_secret)
    return SlackDeps(
        bot_token=token,
        live_catalog=live_catalog,
        store=store,
        api_url=api_url or settings.slack_api_url,
        signing_secret=secret,
        verify_token=verify_token,
        subscriptions=subscriptions,
    )


def build_slack_app(deps: SlackDeps) -> App:
    from bot.slack.app import build_app

    return build_app(deps)


# -- Digests: subscriptions, the exactly-once runner and the scheduler (engineer D) --------------------------
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from bot.core.digest import Schedule
    from bot.declared_subscriptions import DeclaredSubscriptions
    from bot.digests import DigestConfig, DigestRunner, Poster
    from bot.scheduler import DigestScheduler
    from bot.subscriptions import SubscriptionService


def digest_schedule(settings: Settings) -> Schedule:
    from bot.core.digest import Schedule

    return Schedule.parse(settings.digest_schedule, settings.digest_timezone)


def digest_config(settings: Settings) -> DigestConfig:
    import datetime as dt

    from bot.digests import DigestConfig

    return DigestConfig(
        schedule=digest_schedule(settings),
        grace=dt.timedelta(hours=settings.digest_grace_hours),
        archive_count=settings.digest_archive_count,
        post_empty=settings.digest_post_empty,
    )


class Digests:
    """The digest side of the bot, wired: `runner` posts, `service` answers `/insights subscribe` and friends
    (pass it as `SlackDeps.subscriptions`), `declared` applies `content/digests.yml`."""

    def __init__(
        self,
        runner: DigestRunner,
        service: SubscriptionService,
        declared: DeclaredSubscriptions,
        store: Store,
    ) -> None:
        self.store = store
        self.runner = runner
        self.service = service
        self.declared = declared

    def run_due(self) -> object:
        """The scheduler's tick: settle `digests.yml` (a removal waits until the file is stable), then post."""
        self.declared.poll()
        return self.runner.run_due()

    def attach(self, live_catalog: LiveCatalog) -> None:
        """Apply digests.yml and record first-seen times now, and again after every catalog reload."""
        for callback in (self.declared, lambda snapshot: self.runner.note_catalog(snapshot.catalog)):
            callback(live_catalog.current)
            live_catalog.subscribe(callback)


def build_digests(
    settings: Settings,
    store: Store,
    live_catalog: LiveCatalog,
    *,
    poster: Poster | None = None,
    bot_token: str | None = None,
    api_url: str | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> Digests:
    """Posting and channel checks go through the Web API client of `bot.slack.web_client` (with retries)."""
    from bot.digests import DigestRunner
    from bot.slack.digest_poster import SlackChannelAccess, SlackPoster
    from bot.slack.web_client import build_web_client
    from bot.subscriptions import DeclaredSubscriptions, SubscriptionService

    now = clock or utc_now
    token = bot_token or _revealed(settings.slack_bot_token) or ""
    client = build_web_client(token, api_url or settings.slack_api_url)
    runner = DigestRunner(
        store,
        poster or SlackPoster(client),
        lambda: live_catalog.current.catalog,
        digest_config(settings),
        clock=now,
    )
    service = SubscriptionService(
        store,
        lambda: live_catalog.current,
        runner,
        channel_access=SlackChannelAccess(client) if token else None,
        admins=settings.digest_admins,
        clock=now,
    )
    declared = DeclaredSubscriptions(
        settings.content_dir, store, clock=now, period_start=lambda: runner.current_period().start
    )
    return Digests(runner, service, declared, store)


def build_digest_scheduler(
    settings: Settings, digests: Digests, *, blocking: bool = False
) -> DigestScheduler:
    """Not started: call `.start()` (background for `run`, blocking for `insights-bot scheduler`), `.stop()`.

    Its hourly housekeeping forgets Slack event keys older than a day (Slack retries within minutes).
    """
    import datetime as dt

    from bot.scheduler import DigestScheduler

    def forget_old_events() -> None:
        digests.store.prune_events(utc_now() - dt.timedelta(days=1))

    return DigestScheduler(
        digests.run_due,
        digest_schedule(settings),
        blocking=blocking,
        housekeeping=forget_old_events,
        on_stop=digests.runner.shutdown,
    )
