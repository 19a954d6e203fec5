"""`/insights latest` without `published` dates: each file's first commit in git, else by title, said so."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def commit(folder: Path, message: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}  # fmt: skip
    subprocess.run(["git", "add", "-A"], cwd=folder, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", message], cwd=folder, check=True, env=env)


def titles(message: dict) -> list[str]:
    return [b["text"]["text"].split("*")[1] for b in message["blocks"][1:] if b["type"] == "section"]


def test_latest_orders_undated_articles_by_their_first_commit(make_bot, tmp_path, write_article) -> None:
    content = tmp_path / "content"
    write_article(content, "security/older.md", title="Older Piece")
    subprocess.run(["git", "init", "-q"], cwd=content, check=True)
    commit(content, "first", "2025-01-01T10:00:00+00:00")
    write_article(content, "security/newer.md", title="Newer Piece")
    commit(content, "second", "2026-06-01T10:00:00+00:00")
    bot = make_bot(content)
    latest = bot.assistant.command("latest", user_id="U1", channel_id="C1")
    assert latest["blocks"][0]["text"]["text"].startswith("*Latest articles*")
    assert titles(latest) == ["Newer Piece", "Older Piece"]


def test_latest_without_any_date_is_by_title_and_says_so(make_bot, tmp_path, write_article) -> None:
    content = tmp_path / "content"
    write_article(content, "security/zebra.md", title="Zebra Crossing")
    write_article(content, "security/apple.md", title="Apple Pie")
    bot = make_bot(content)
    latest = bot.assistant.command("latest", user_id="U1", channel_id="C1")
    assert "by title: no article has a published or commit date" in latest["blocks"][0]["text"]["text"]
    assert titles(latest) == ["Apple Pie", "Zebra Crossing"]
