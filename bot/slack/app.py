"""The Bolt app: middleware and listeners around the `Assistant`. No behaviour of its own.

`process_before_response=True` makes a listener's work part of the HTTP response (one request = one ack =
one reply); anything that calls the Web API runs in a lazy listener after the ack, on `Workers` the app owns.
Signatures are checked once, at the edge (`bot.slack.edge`), before any body is parsed, so Bolt's own check is
off: Socket Mode needs none, and HTTP and the shell go through the edge.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_sdk import WebClient

from bot.assistant import Assistant
from bot.settings import DEFAULT_SLACK_API_URL
from bot.slack.listeners import app_home, buttons, commands, mentions
from bot.slack.listeners.acks import ack_only
from bot.slack.middleware import Claimer, DedupeEvents, LogRequests
from bot.slack.redact import redacting_logger
from bot.slack.replier import Replier
from bot.slack.reply_sweeper import Outbox, ReplySweeper, SweepLoop, sweep_interval
from bot.slack.web_client import build_web_client
from bot.slack.workers import Workers

if TYPE_CHECKING:
    from bot.metrics import Metrics

APP_NAME = "insights"
LOGGER_NAME = "bot.slack"


@dataclass(frozen=True)
class SlackConfig:
    """How to reach Slack. `signing_secret` is None for Socket Mode, where requests are not signed."""

    bot_token: str = field(repr=False)
    api_url: str = DEFAULT_SLACK_API_URL
    signing_secret: str | None = field(default=None, repr=False)
    verify_token: bool = False
    bolt_verifies: bool = False
    """Let Bolt check signatures itself: only for Bolt's own HTTP adapters (the benchmark's comparison), which
    bypass our edge."""
    reply_lease_seconds: float = 30.0
    """REPLY_LEASE_SECONDS: how long a claimed question may stay unanswered before a sweeper takes it over."""


@dataclass
class SlackBot:
    """The wired Bolt app with the threads it owns; `close()` ends them."""

    app: App
    workers: Workers
    config: SlackConfig
    sweeper: ReplySweeper | None = None
    _loop: SweepLoop | None = None

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """True once every listener and lazy listener has finished (every reply has gone to Slack)."""
        return self.workers.wait_idle(timeout)

    def start_sweeping(self) -> None:
        """Answer, from now on in the background, questions a stopped replica claimed and never answered;
        `serve` and Socket Mode call it, tests call `sweeper.sweep()` themselves. `close()` stops it."""
        if self.sweeper is not None and self._loop is None:
            self._loop = SweepLoop(self.sweeper, sweep_interval(self.sweeper.lease), self.app.logger)
            self._loop.start()

    def close(self) -> None:
        if self._loop is not None:
            self._loop.stop()
        self.workers.shutdown(wait=True, cancel_futures=True)


def build_slack_app(
    assistant: Assistant,
    config: SlackConfig,
    *,
    claims: Claimer,
    clock: Callable[[], dt.datetime],
    catalog_version: Callable[[], int],
    metrics: Metrics | None = None,
    outbox: Outbox | None = None,
) -> SlackBot:
    """A ready app; makes no network call unless `config.verify_token` asks for an eager `auth.test`. With an
    `outbox` (the store), mentions and DMs claimed by this app are answered by a sweeper if it dies."""
    known_secrets = [config.bot_token, config.signing_secret or ""]
    log = redacting_logger(LOGGER_NAME, known_secrets)
    log.addFilter(_not_the_unused_token_warning)
    client = _web_client(config, known_secrets, metrics)
    replier = Replier(assistant, log)
    workers = Workers()
    app = App(
        name=APP_NAME,
        client=client,
        signing_secret=config.signing_secret or secrets.token_hex(32),
        request_verification_enabled=config.bolt_verifies,
        process_before_response=True,
        token_verification_enabled=config.verify_token,
        listener_executor=workers,
        logger=log,
    )
    if metrics is not None:
        _instrument(workers, metrics)
    app.use(LogRequests(log))
    app.use(DedupeEvents(claims, clock, log))
    commands.register(app, assistant, log)
    mentions.register(app, replier, log, outbox=outbox, clock=clock)
    app_home.register(app, assistant, log, version=catalog_version, clock=clock)
    buttons.register(app, assistant, log)
    _acknowledge_everything_else(app)
    return SlackBot(app, workers, config, _sweeper(outbox, replier, client, clock, config, log, metrics))


def _web_client(config: SlackConfig, known_secrets: list[str], metrics: Metrics | None) -> WebClient:
    logger = redacting_logger(f"{LOGGER_NAME}.web_api", known_secrets)
    observe = metrics.slack_error if metrics is not None else None
    return build_web_client(config.bot_token, config.api_url, logger=logger, observe=observe)


def _sweeper(
    outbox: Outbox | None,
    replier: Replier,
    client: WebClient,
    clock: Callable[[], dt.datetime],
    config: SlackConfig,
    log: logging.Logger,
    metrics: Metrics | None,
) -> ReplySweeper | None:
    if outbox is None:
        return None
    lease = dt.timedelta(seconds=config.reply_lease_seconds)
    return ReplySweeper(outbox, replier, client, clock=clock, lease=lease, log=log, metrics=metrics)


UNUSED_TOKEN_WARNING = "As you gave `client` as well, `token` will be unused."  # noqa: S105 - a log message


def _not_the_unused_token_warning(record: logging.LogRecord) -> bool:
    """Bolt reads SLACK_BOT_TOKEN from the environment whenever no `token` is passed, then warns that it is
    unused because we pass our own `client` (which carries that very token, our base URL and retry handlers).
    The warning misleads an operator at every start, so it is dropped; `tests/slack_socket` fails if Bolt
    starts saying something else."""
    return record.getMessage() != UNUSED_TOKEN_WARNING


def _instrument(workers: Workers, metrics: Metrics) -> None:
    """Expose the listener queue depth at scrape time (requests are counted where they enter)."""
    metrics.gauge("insights_worker_tasks", "Listener tasks running or queued.", lambda: workers.pending)


def _acknowledge_everything_else(app: App) -> None:
    """Events and shortcuts we do not handle still get a 2xx: Slack retries, then disables, apps that fail."""
    app.event(re.compile(".*"))(ack_only)
    app.shortcut(re.compile(".*"))(ack_only)
    app.view(re.compile(".*"))(ack_only)
