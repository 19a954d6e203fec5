"""What the assistant records per question, privacy of user IDs, votes that change instead of piling up,
retention, and a shutdown that loses nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import NOW, SHIPPED_CONTENT
from sqlalchemy import select

from bot.bootstrap import Bot, build
from bot.core.blocks import actions
from bot.settings import Settings
from bot.store import Store
from bot.store.tables import ArticleEventRow, QuestionRow, VoteRow

MakeBot = Callable[..., Bot]


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_bot(tmp_path: Path, clock: Clock) -> Iterator[MakeBot]:
    made: list[Bot] = []

    def make(**settings: object) -> Bot:
        config = Settings(  # type: ignore[call-arg]
            _env_file=None, content_dir=SHIPPED_CONTENT, data_dir=tmp_path, embedding_model="off", **settings
        )
        bot = build(config, clock=clock)
        made.append(bot)
        return bot

    yield make
    for bot in made:
        bot.close()


def rows(store: Store, table: type) -> list:
    with store.engine.connect() as connection:
        return list(connection.execute(select(table.__table__)).mappings())


def test_each_surface_records_text_tier_top_article_and_category(make_bot: MakeBot) -> None:
    bot = make_bot()
    bot.assistant.message(
        "<@UBOT> how do I build a docker image?", user_id="U1", channel_id="C1", direct=False
    )
    bot.assistant.message("zqxv blorf", user_id="U2", channel_id="D1", direct=True)
    bot.assistant.command("kubernetes gitops", user_id="U3", channel_id="C1")
    bot.recorder.flush()

    recorded = {row["surface"]: row for row in rows(bot.store, QuestionRow)}
    assert set(recorded) == {"mention", "dm", "slash"}
    assert recorded["mention"]["text"] == "how do I build a docker image?"
    assert recorded["mention"]["norm"] == "how do i build a docker image"
    assert recorded["mention"]["tier"] == "answer"
    assert recorded["mention"]["top_slug"] == "from-code-to-container"
    assert recorded["mention"]["category"] == "Cloud & DevOps"
    assert recorded["mention"]["top_score"] > 0
    assert recorded["dm"]["tier"] == "none"
    assert recorded["dm"]["top_slug"] is None
    assert recorded["slash"]["top_slug"] == "scaling-applications-in-the-cloud"
    shown = {row["slug"] for row in rows(bot.store, ArticleEventRow) if row["kind"] == "shown"}
    assert "from-code-to-container" in shown


def test_user_ids_are_stored_hashed_unless_the_team_keeps_them(make_bot: MakeBot) -> None:
    hashed = make_bot(analytics_salt="s1")
    hashed.assistant.message("docker", user_id="U123", channel_id="D1", direct=True)
    hashed.recorder.flush()
    [row] = rows(hashed.store, QuestionRow)
    assert "U123" not in row["user_key"]
    assert len(row["user_key"]) == 64
    hashed.close()

    kept = make_bot(analytics_keep_user_ids=True)
    kept.assistant.message("docker", user_id="U123", channel_id="D1", direct=True)
    kept.recorder.flush()
    assert "U123" in {row["user_key"] for row in rows(kept.store, QuestionRow)}


def test_a_second_click_changes_the_vote_and_adds_no_row(make_bot: MakeBot, clock: Clock) -> None:
    bot = make_bot()
    state = actions.ButtonState(query="docker", slug="from-code-to-container")
    bot.assistant.feedback(state, "U1", helpful=True, message_key="C1:1.1")
    clock.now += dt.timedelta(minutes=1)
    bot.assistant.feedback(state, "U1", helpful=False, message_key="C1:1.1")
    bot.assistant.feedback(state, "U2", helpful=True, message_key="C1:1.1")
    bot.assistant.feedback(state, "U1", helpful=True, message_key="C1:2.2")  # another message: another vote

    assert len(rows(bot.store, VoteRow)) == 3
    assert bot.store.votes() == {"from-code-to-container": (2, 1)}


def test_the_clicked_button_shows_the_recorded_choice(make_bot: MakeBot) -> None:
    bot = make_bot()
    answer = bot.assistant.message("docker image", user_id="U1", channel_id="C1", direct=True)
    value = actions.encode(actions.ButtonState(query="docker image", slug="from-code-to-container"))
    state = actions.decode(value)
    assert state is not None

    reply = bot.assistant.feedback(state, "U1", helpful=False, message_key="C1:1.1", blocks=answer["blocks"])

    assert reply["replace_original"] is True
    buttons = [e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]]
    mine = [e for e in buttons if actions.decode(e.get("value")).slug == "from-code-to-container"]
    chosen = [e for e in mine if e.get("style") == "primary"]
    assert [e["text"]["text"] for e in chosen] == ["✓ Not helpful"]
    others = [e for e in buttons if e not in mine and e["action_id"] == actions.HELPFUL]
    assert all("style" not in e and e["text"]["text"] == "Helpful" for e in others)


def test_retention_deletes_rows_older_than_retention_days_once_a_day(make_bot: MakeBot, clock: Clock) -> None:
    bot = make_bot(retention_days=30)
    clock.now = NOW - dt.timedelta(days=31)
    bot.assistant.message("old question", user_id="U1", channel_id="D1", direct=True)
    bot.assistant.feedback(actions.ButtonState(slug="a"), "U1", helpful=True, message_key="C:1")
    clock.now = NOW - dt.timedelta(days=29)
    bot.assistant.message("recent question", user_id="U1", channel_id="D1", direct=True)
    bot.recorder.flush()
    clock.now = NOW

    assert bot.forget_old_analytics() == 2
    assert [row["text"] for row in rows(bot.store, QuestionRow)] == ["recent question"]
    assert rows(bot.store, VoteRow) == []
    clock.now = NOW + dt.timedelta(days=2)
    bot.forget_old_analytics()  # the daily run
    assert rows(bot.store, QuestionRow) == []


def test_closing_the_bot_writes_every_queued_question(make_bot: MakeBot, tmp_path: Path) -> None:
    bot = make_bot()
    for number in range(300):
        bot.assistant.message(f"question number {number}", user_id="U1", channel_id="D1", direct=True)
    url = bot.settings.effective_database_url
    bot.close()

    store = Store.connect(url)
    try:
        assert len(rows(store, QuestionRow)) == 300
    finally:
        store.close()
