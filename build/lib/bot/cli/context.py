"""What every command shares: the settings (read once, lazily) and the global `--content-dir` override."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click

from bot.settings import Settings, SettingsError, load_settings


class SettingsProblem(click.ClickException):
    """A bad setting is one line and exit 2, without the usage text that UsageError would add."""

    exit_code = 2


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
                raise SettingsProblem(str(exc)) from None
        return self._settings


pass_cli = click.make_pass_decorator(CliContext, ensure=True)
