"""The layering a newcomer relies on: pure core, one reader of the environment."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "bot"
FORBIDDEN_IN_CORE = (
    "slack_bolt",
    "slack_sdk",
    "sqlalchemy",
    "alembic",
    "apscheduler",
    "click",
    "starlette",
    "uvicorn",
    "bot.settings",
    "bot.store",
    "bot.slack",
    "bot.cli",
    "bot.bootstrap",
    "bot.live_catalog",
)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted((PACKAGE / "core").rglob("*.py")), ids=lambda p: p.name)
def test_core_imports_no_slack_database_scheduler_cli_or_settings(path):
    bad = {name for name in imported_modules(path) if name.startswith(FORBIDDEN_IN_CORE)}
    assert not bad, f"{path.relative_to(PACKAGE)} imports {sorted(bad)}"


def test_only_settings_reads_the_environment():
    readers = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if "os.environ" in path.read_text(encoding="utf-8") or "getenv(" in path.read_text(encoding="utf-8")
    ]
    assert readers == []
