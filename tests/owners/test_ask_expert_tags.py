"""Who Ask an expert tags: the category's owners, else the digest admins; once per question."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import Bot, build
from bot.core.blocks import actions
from bot.core.owners import likely_category
from bot.core.search import SearchResponse, Suggestion
from bot.settings import Settings

from .world import MONDAY_9

ARTICLE = "---\ntitle: Sessions\ncategory: Security\nsummary: Tokens.\nread_time: 5\n---\nBody\n"


def make(tmp_path: Path, **settings: object) -> Bot:
    content = tmp_path / "content"
    content.mkdir()
    (content / "sessions.md").write_text(ARTICLE, "utf-8")
    (content / "categories.yml").write_text("Security:\n  owners: [U0ANA, S0SEC]\nOps:\n", "utf-8")
    config = Settings(_env_file=None, content_dir=content, data_dir=tmp_path / "d", **settings)  # type: ignore[call-arg]
    return build(config, clock=lambda: MONDAY_9)


@pytest.fixture
def bot(tmp_path: Path):  # type: ignore[no-untyped-def]
    made = make(tmp_path, digest_admins="U0ADMIN")
    yield made
    made.close()


def ask(bot: Bot, category: str | None, key: str = "C1:1.1"):  # type: ignore[no-untyped-def]
    state = actions.ButtonState(query="how do I revoke a token?", category=category)
    return bot.assistant.ask_expert(state, user_id="U0BOB", key=key)


def test_the_owners_of_the_category_are_tagged_once(bot: Bot) -> None:
    first = ask(bot, "Security")
    again = ask(bot, "Security")

    assert first.post is not None
    text = first.post["blocks"][0]["text"]["text"]
    assert text.startswith("<@U0ANA> <!subteam^S0SEC>: <@U0BOB> asked “how do I revoke a token?”")
    assert again.post is None
    assert again.notice is not None


def test_without_owners_the_digest_admins_are_tagged(bot: Bot) -> None:
    reply = ask(bot, "Ops", key="C1:2.2")

    assert reply.post is not None
    assert reply.post["blocks"][0]["text"]["text"].startswith("<@U0ADMIN>: ")
    assert "Nobody owns Ops yet" in reply.post["blocks"][0]["text"]["text"]


def test_a_category_no_longer_in_the_catalog_falls_back_too(bot: Bot) -> None:
    reply = ask(bot, "Gone", key="C1:3.3")

    assert reply.post is not None
    assert "I couldn't tell which category" in reply.post["blocks"][0]["text"]["text"]


def test_the_likely_category_comes_from_a_suggested_category_when_nothing_matched() -> None:
    response = SearchResponse("q", None, (), (Suggestion("category", "Security"),), 0, confidence="none")

    assert likely_category(response) == "Security"
    assert likely_category(SearchResponse("q", None, (), (), 0)) is None
