"""Every setting of the bot, typed, read from the environment and `.env`.

This module is the only reader of the environment: everything else receives a `Settings` object, so a test
can build one by hand and nothing changes behind its back.
"""

from __future__ import annotations

import re
import zoneinfo
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.errors import SettingsError

CHECKOUT_CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]+$")


class Settings(BaseSettings):
    """The bot's configuration. Field names map to upper-case environment variables (`CONTENT_DIR`, ...)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    content_dir: Path = Field(default=CHECKOUT_CONTENT_DIR, description="Folder of Markdown articles.")
    content_poll_seconds: float = Field(default=2.0, gt=0, description="How often content/ is checked.")
    data_dir: Path = Field(default=Path("data"), description="Folder for the embedded SQLite database.")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; SQLite in DATA_DIR if unset.")
    shell_database_url: str | None = Field(
        default=None, description="The local shell's database; its own SQLite file in DATA_DIR if unset."
    )
    database_connect_timeout: float = Field(
        default=5.0, gt=0, le=300, description="Seconds to wait for a database connection."
    )
    database_statement_timeout: float = Field(
        default=2.0, gt=0, le=3600, description="Seconds one database statement may run (SQLite: lock wait)."
    )

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = DEFAULT_SLACK_API_URL

    host: str = "0.0.0.0"  # noqa: S104 - a server in a container must listen beyond loopback
    port: int = Field(default=3000, ge=1, le=65535)
    metrics_port: int | None = Field(
        default=None, ge=1, le=65535, description="Socket Mode: port for /metrics, /healthz and /readyz."
    )

    digest_timezone: str = "UTC"
    digest_schedule: str = "0 9 * * mon"
    digest_grace_hours: float = Field(default=12.0, ge=0)
    digest_archive_count: int = Field(default=3, ge=0, le=20)
    digest_post_empty: bool = False
    digest_admins: Annotated[tuple[str, ...], NoDecode] = ()

    embedding_model: str = Field(
        default="minilm-int8",
        description="minilm-int8 (packaged), a folder with model.onnx + tokenizer.json, fastembed:NAME, or off.",
    )
    embedding_threads: int = Field(default=2, ge=1, le=64, description="ONNX Runtime threads for embedding.")

    analytics_keep_user_ids: bool = Field(
        default=False,
        description="Store Slack user IDs as given (to follow up) instead of hashed in the analytics tables.",
    )
    analytics_salt: SecretStr | None = Field(
        default=None,
        description="Secret mixed into hashed user IDs, so the hashes cannot be reversed by lookup.",
    )
    retention_days: int = Field(
        default=180, ge=1, le=3650, description="Days recorded questions and votes are kept before deletion."
    )

    reply_lease_seconds: float = Field(
        default=30.0,
        gt=0,
        le=3600,
        description="Seconds a question may stay unanswered before another replica's sweeper answers it.",
    )

    article_link_template: str | None = Field(
        default=None,
        description="Link for articles without `url`: {slug}, {path} (under content/) and {category} are filled in.",
    )

    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb- (OAuth & Permissions page of your app)")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError(
                "must be an app-level token starting with xapp- (Basic Information > App-Level Tokens)"
            )
        return value

    @field_validator("metrics_port", mode="before")
    @classmethod
    def _blank_port_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _format_any_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator(
        "slack_bot_token", "slack_signing_secret", "slack_app_token", "analytics_salt", mode="before"
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_shape(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("digest_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("must be an IANA time zone such as UTC or Europe/Paris") from exc
        return value

    @field_validator("digest_schedule")
    @classmethod
    def _valid_cron(cls, value: str) -> str:
        """Checked by the parser that evaluates the schedule (bot.core.digest), so what passes here runs."""
        from bot.core.digest import CronError, Schedule

        try:
            Schedule.parse(value, "UTC")
        except CronError as exc:
            raise ValueError(f"must be a 5-field cron expression such as '0 9 * * mon' ({exc})") from exc
        return value

    @field_validator("digest_admins", mode="before")
    @classmethod
    def _split_admins(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("article_link_template")
    @classmethod
    def _link_template_shape(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.startswith(("http://", "https://")) or not any(p in value for p in ("{slug}", "{path}")):
            raise ValueError(
                "must be an http(s) URL containing {slug} or {path}, e.g. https://wiki.example.com/{slug}"
            )
        return value

    @field_validator("embedding_model", mode="before")
    @classmethod
    def _blank_model_is_default(cls, value: object) -> object:
        """A blanked line means "the default model", not a folder called ''; `off` is how to switch it off."""
        return "minilm-int8" if isinstance(value, str) and not value.strip() else value

    @field_validator("digest_admins")
    @classmethod
    def _admins_are_user_ids(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        """A name such as `bob` would match nobody and silently lock everyone out of subscribing."""
        for entry in value:
            if not SLACK_USER_ID.match(entry):
                raise ValueError(
                    f"{entry[:40]!r} is not a Slack user ID; list IDs such as U0123ABCD or W0123ABCD, "
                    "comma-separated (in Slack: a profile > More > Copy member ID)"
                )
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return value.upper()

    @property
    def effective_database_url(self) -> str:
        """The embedded SQLite file stands in when no server is configured, so `make run` needs nothing."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'insights.db').resolve()}"

    @property
    def effective_shell_database_url(self) -> str:
        """The shell's own SQLite file unless SHELL_DATABASE_URL says otherwise: what someone types while trying
        the bot out (`/insights subscribe security` in C0GENERAL) must never reach the real bot's database."""
        if self.shell_database_url:
            return self.shell_database_url
        return f"sqlite:///{(self.data_dir / 'shell.db').resolve()}"

    def for_shell(self) -> Settings:
        """These settings with the shell's database in place of the bot's."""
        return self.model_copy(update={"database_url": self.effective_shell_database_url})


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning pydantic's report into one line per problem that names the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]  # pydantic validates the overrides at run time
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            name = str(error["loc"][0]).upper() if error["loc"] else "settings"
            message = str(error["msg"]).removeprefix("Value error, ")
            lines.append(f"{name}: {message} (set it in the environment or .env; see .env.example)")
        raise SettingsError("; ".join(lines)) from None
