"""Settings turned into the small objects every part of the composition needs: secrets revealed once, the
store, log redaction, the digest schedule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import SecretStr

    from bot.core.digest import Schedule
    from bot.digests import DigestConfig
    from bot.settings import Settings
    from bot.store import Store

Clock = Callable[[], dt.datetime]


def revealed(secret: SecretStr | None) -> str | None:
    """The one place a token leaves its `SecretStr`, on its way into a client that needs the raw value."""
    return secret.get_secret_value() if secret is not None else None


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
