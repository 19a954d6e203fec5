"""The README is the contract a newcomer reads: every command is in it, with help and an example."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from bot.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def every_command(group: click.Group = cli, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix}{name}"
        if isinstance(command, click.Group):
            found.extend(every_command(command, path + " "))
        else:
            found.append((path, command))
    return found


@pytest.mark.parametrize(("path", "command"), every_command())
def test_every_command_is_in_the_readme(path, command):
    assert f"`insights-bot {path}" in README


@pytest.mark.parametrize(("path", "command"), every_command())
def test_every_command_has_help(path, command):
    result = CliRunner().invoke(cli, [*path.split(), "--help"])
    assert result.exit_code == 0
    assert (command.help or "").strip(), f"{path} has no help text"


def test_readme_gives_both_commands_on_its_first_screen():
    first_screen = "\n".join(README.splitlines()[:40])
    assert "make run" in first_screen
    assert "make test" in first_screen


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_linked_doc_exists():
    for name in ("catalog", "search", "slack", "running", "digests", "architecture", "operations"):
        assert (ROOT / "docs" / f"{name}.md").exists(), name
        assert f"docs/{name}.md" in README
