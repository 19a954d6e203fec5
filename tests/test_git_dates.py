"""First and last commit dates of content files, read from a real git checkout."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.git_dates import commit_dates, last_commit_days

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def commit(repo: Path, when: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "commit", "-qm", "x"], check=True, env=env)


def test_each_file_gets_its_first_and_last_commit(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    content = tmp_path / "content"
    (content / "sec").mkdir(parents=True)
    (content / "sec" / "a b.md").write_text("one\n")
    commit(tmp_path, "2026-01-02T10:00:00Z")
    (content / "sec" / "a b.md").write_text("two\n")
    (content / "c.md").write_text("new\n")
    commit(tmp_path, "2026-02-03T10:00:00Z")

    dates = commit_dates(content)
    a = dates[(content / "sec" / "a b.md").resolve()]

    assert (a.first.date(), a.last.date()) == (dt.date(2026, 1, 2), dt.date(2026, 2, 3))
    assert last_commit_days(content)[(content / "c.md").resolve()] == dt.date(2026, 2, 3)


def test_a_folder_that_is_not_a_checkout_has_no_dates(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x\n")

    assert commit_dates(tmp_path, timeout=5) == {}
