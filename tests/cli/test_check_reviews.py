"""`check` reports overdue reviews as warnings: exit 0, or 1 with --strict; problems in steward fields fail."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from bot.cli.main import cli


def write(folder: Path, name: str, extra: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: {name}\ncategory: Security\nsummary: s\nread_time: 3\n{extra}---\nBody\n", "utf-8"
    )
    return path


def check(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["check", str(folder), "--today", "2026-04-01", *args])


def test_an_overdue_review_is_a_warning_and_exits_0(tmp_path: Path) -> None:
    stale = write(tmp_path, "stale.md", "review_by: 2026-03-03\nowners: [U012AB3CD]\n")
    write(tmp_path, "fresh.md", "review_every: 90d\nreviewed: 2026-03-01\n")

    result = check(tmp_path)

    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{stale}:1: warning: review overdue since 2026-03-03: review it and set 'reviewed: 2026-04-01'",
        "2 articles in 1 category, no problems, 1 review overdue",
    ]


def test_strict_turns_overdue_reviews_into_a_failure(tmp_path: Path) -> None:
    write(tmp_path, "stale.md", "review_every: 30d\npublished: 2026-01-01\n")

    assert check(tmp_path, "--strict").exit_code == 1
    assert check(tmp_path, "--strict", "--today", "2026-01-31").exit_code == 0


def test_github_and_json_formats_carry_warnings(tmp_path: Path) -> None:
    stale = write(tmp_path, "stale.md", "review_by: 2026-03-03\n")

    github = check(tmp_path, "--format", "github")
    payload = json.loads(check(tmp_path, "--format", "json").stdout)

    assert github.stdout.startswith(f"::warning file={stale},line=1::review overdue since 2026-03-03")
    assert payload["problems"] == []
    assert [w["message"][:31] for w in payload["warnings"]] == ["review overdue since 2026-03-03"]


def test_a_bad_owner_is_a_problem_that_fails_check(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.md", "owners: [ana]\n")

    result = check(tmp_path)

    assert result.exit_code == 1
    assert result.stdout.startswith(f"{bad}:6: owners must be Slack user IDs")
