"""What every command shares: the settings (read once, lazily), the `--content-dir` override, one error type
and the category look-up, so every command refuses bad input the same way.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bot.errors import SettingsError
from bot.settings import Settings, load_settings

if TYPE_CHECKING:
    from bot.bootstrap import Bot
    from bot.live_catalog import Snapshot
    from bot.store import Store


class CliError(click.ClickException):
    """Bad input, setup or a bad setting, told in one line with exit code 2 like click's own usage errors, but
    without the usage text that UsageError would add.
    """

    exit_code = 2


def printable(text: str) -> str:
    """Article and typed text can hold terminal escape codes; drop control characters before printing it."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")


def resolve_category(snapshot: Snapshot, text: str) -> str:
    """The category `text` names (exactly, by alias or near-miss), or a one-line error listing them all."""
    name = snapshot.index.resolve_category(text)
    if name is None:
        names = ", ".join(c.name for c in snapshot.catalog.categories) or "none"
        raise CliError(f"unknown category '{printable(text)[:100]}'; the categories are: {names}")
    return str(name)


def content_folder(settings: Settings, given: Path | None = None) -> Path:
    """The articles folder (`given`, else CONTENT_DIR), or one line saying why it cannot be one."""
    folder = given if given is not None else settings.content_dir
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        hint = "" if given is not None else " (set CONTENT_DIR or pass --content-dir DIR)"
        raise CliError(f"content folder {folder} {what}{hint}")
    return folder


def open_store(settings: Settings) -> Store:
    """The migrated store, or one line naming the setting to fix (the driver's message may quote a password)."""
    from bot import bootstrap

    try:
        return bootstrap.build_store(settings)
    except Exception as exc:
        raise _database_error(exc) from None


def open_bot(settings: Settings) -> Bot:
    """The wired bot for a command, or one line saying which setting or folder keeps it from starting."""
    from bot import bootstrap

    content_folder(settings)
    try:
        return bootstrap.build(settings)
    except Exception as exc:
        raise _database_error(exc) from None


def _database_error(exc: Exception) -> CliError:
    return CliError(
        f"DATABASE_URL: cannot open the database ({exc.__class__.__name__}); check DATABASE_URL or DATA_DIR"
    )


@dataclass
class CliContext:
    content_dir: Path | None = None
    _settings: Settings | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        """Settings problems become one clean line and exit code 2, never a traceback."""
        if self._settings is None:
            overrides: dict[str, object] = {}
            if self.content_dir is not None:
                overrides["content_dir"] = self.content_dir
            try:
                self._settings = load_settings(**overrides)
            except SettingsError as exc:
                raise CliError(str(exc)) from None
        return self._settings


pass_cli = click.make_pass_decorator(CliContext, ensure=True)
