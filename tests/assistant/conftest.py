"""The application layer without Slack: a bot built by the composition root on a temporary database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.bootstrap import Bot, build
from bot.settings import Settings

SHIPPED_CONTENT = Path(__file__).resolve().parents[2] / "content"
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
MakeBot = Callable[[Path], Bot]


@pytest.fixture
def make_bot(tmp_path: Path) -> Iterator[MakeBot]:
    """`make_bot(content_dir)`: the wired bot on that catalog, following it, at a fixed time."""
    made: list[Bot] = []

    def make(content_dir: Path = SHIPPED_CONTENT, **more: object) -> Bot:
        settings = Settings(_env_file=None, content_dir=content_dir, data_dir=tmp_path, **more)  # type: ignore[call-arg]
        bot = build(settings, clock=lambda: NOW)
        bot.follow_catalog()
        made.append(bot)
        return bot

    yield make
    for bot in made:
        bot.close()


@pytest.fixture
def bot(make_bot: MakeBot) -> Bot:
    return make_bot(SHIPPED_CONTENT)


@pytest.fixture
def semantic_bot(make_bot: MakeBot) -> Bot:
    """The bot with the packaged model, as `make run` starts it."""
    return make_bot(SHIPPED_CONTENT, embedding_model="minilm-int8")
