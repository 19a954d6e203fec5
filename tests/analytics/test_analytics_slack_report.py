"""`/insights report`: who may see it, what it lists, and that it stays within Block Kit limits."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import NOW, SHIPPED_CONTENT

from bot.bootstrap import Bot, build
from bot.core import intents
from bot.core.blocks import actions
from bot.core.blocks.owner_report import AttentionLine, GapLine, report_message
from bot.core.blocks.text import MAX_BLOCKS_MESSAGE, MAX_SECTION_TEXT
from bot.settings import Settings


def make(tmp_path: Path, **settings: object) -> Bot:
    config = Settings(  # type: ignore[call-arg]
        _env_file=None, content_dir=SHIPPED_CONTENT, data_dir=tmp_path, embedding_model="off", **settings
    )
    return build(config, clock=lambda: NOW)


def test_report_is_a_subcommand_and_search_still_searches() -> None:
    assert intents.parse_command("report", lambda _: None) == intents.Report()
    assert intents.parse_command("report writing tips", lambda _: None) == intents.Search(
        "report writing tips"
    )


def test_admins_see_top_gaps_and_unhelpful_articles(tmp_path: Path) -> None:
    bot = make(tmp_path, digest_admins="UADMIN")
    try:
        for user in ("U1", "U2", "U3"):
            bot.assistant.message("zqxv blorf setup", user_id=user, channel_id="D1", direct=True)
        state = actions.ButtonState(query="docker", slug="from-code-to-container")
        for user in ("U1", "U2"):
            bot.assistant.feedback(state, user, helpful=False, message_key="C1:1.1")
        bot.recorder.flush()

        message = bot.assistant.command("report", user_id="UADMIN", channel_id="C1")
        refused = bot.assistant.command("report", user_id="U1", channel_id="C1")
    finally:
        bot.close()

    text = json.dumps(message["blocks"])
    assert message["response_type"] == "ephemeral"
    assert "zqxv blorf setup" in text
    assert "3 people" in text
    assert "write a new article" in text
    assert "From Code to Container" in text
    assert "2 of 2 found it not helpful" in text
    assert "zqxv" not in json.dumps(refused)
    assert "DIGEST_ADMINS" in refused["text"]


def test_everyone_may_see_the_report_when_no_admin_is_set(tmp_path: Path) -> None:
    bot = make(tmp_path)
    try:
        message = bot.assistant.command("report", user_id="U1", channel_id="C1")
    finally:
        bot.close()
    assert message["blocks"][0]["text"]["text"] == "Insights report"
    assert "No unanswered questions" in json.dumps(message["blocks"])


def test_a_huge_report_stays_within_block_kit_limits() -> None:
    gaps = [GapLine("why " * 500, 10_000, "add this to “" + "x" * 500 + "”") for _ in range(500)]
    attention = [AttentionLine("<!channel> " + "t" * 900, "r" * 900) for _ in range(500)]

    message = report_message(gaps, attention, days=30)

    assert len(message["blocks"]) <= MAX_BLOCKS_MESSAGE
    for block in message["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= MAX_SECTION_TEXT
    assert "<!channel>" not in json.dumps(message)
