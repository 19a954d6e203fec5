"""The Bolt app: middleware and listeners wired to the catalog, search and store. No behaviour of its own.

`process_before_response=True` makes the listener's work part of the HTTP response (one request = one ack =
one reply), which lets requests overlap in worker threads; anything that calls the Web API runs in a lazy
listener after the ack.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from slack_bolt import App

from bot.clock import utc_now
from bot.settings import DEFAULT_SLACK_API_URL
from bot.slack.listeners import actions, commands, home, mentions
from bot.slack.listeners.acks import ack_only
from bot.slack.middleware import DedupeEvents, LogRequests
from bot.slack.redact import redacting_logger
from bot.slack.replies import Replies
from bot.slack.web_client import build_web_client

if TYPE_CHECKING:
    from bot.live_catalog import LiveCatalog
    from bot.store import Store

APP_NAME = "insights"
LOGGER_NAME = "bot.slack"


class SubscriptionsHandler(Protocol):
    """Engineer D's `bot.subscriptions.SubscriptionService`: subscribe/unsubscribe/subscriptions/digest intents."""

    def handle(self, intent: object, *, user_id: str, channel_id: str) -> dict[str, Any]: ...


@dataclass(frozen=True)
class SlackDeps:
    """Everything the listeners need, built by `bot.bootstrap` from `Settings` (or by hand in tests).

    `signing_secret` may be None for Socket Mode, where requests are not signed; HTTP requests are then
    rejected, since no one can sign them. `subscriptions` is engineer D's service (None: not offered).
    `ack_deadline`: seconds a slash command answer may take before it is acked with a holding line and sent
    through the `response_url` instead.
    """

    bot_token: str = field(repr=False)
    live_catalog: LiveCatalog
    store: Store
    api_url: str = DEFAULT_SLACK_API_URL
    signing_secret: str | None = field(default=None, repr=False)
    subscriptions: SubscriptionsHandler | None = None
    clock: Callable[[], dt.datetime] = utc_now
    page_size: int = 5
    verify_token: bool = False
    ack_deadline: float = commands.ACK_DEADLINE_SECONDS


def build_app(deps: SlackDeps) -> App:
    """A ready Bolt `App`; makes no network call unless `deps.verify_token` asks for an eager `auth.test`."""
    known_secrets = [deps.bot_token, deps.signing_secret or ""]
    log = redacting_logger(LOGGER_NAME, known_secrets)
    client = build_web_client(
        deps.bot_token, deps.api_url, logger=redacting_logger(f"{LOGGER_NAME}.web_api", known_secrets)
    )
    app = App(
        name=APP_NAME,
        client=client,
        signing_secret=deps.signing_secret or secrets.token_hex(32),
        process_before_response=True,
        token_verification_enabled=deps.verify_token,
        logger=log,
    )
    app.use(LogRequests(log))
    app.use(DedupeEvents(deps.store, deps.clock, log))
    replies = Replies(deps)
    commands.register(app, replies, log, deadline=deps.ack_deadline)
    mentions.register(app, replies, log)
    home.register(app, replies, log, version=lambda: deps.live_catalog.current.version, clock=deps.clock)
    actions.register(app, replies, log, store=deps.store, clock=deps.clock)
    _acknowledge_everything_else(app)
    return app


def _acknowledge_everything_else(app: App) -> None:
    """Events and shortcuts we do not handle still get a 2xx: Slack retries, then disables, apps that fail."""
    app.event(re.compile(".*"))(ack_only)
    app.shortcut(re.compile(".*"))(ack_only)
    app.view(re.compile(".*"))(ack_only)
