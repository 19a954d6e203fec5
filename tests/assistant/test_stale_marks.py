"""Search results mark an article whose review is overdue, as of the assistant's clock."""

from __future__ import annotations

import json
from pathlib import Path

from tests.assistant.conftest import MakeBot

STALE = """---
title: Rotating signing keys
category: Security
summary: How and when to rotate JWT signing keys.
read_time: 4
review_by: 2026-03-03
---
Body.
"""
FRESH = STALE.replace("Rotating signing keys", "Revoking tokens").replace("2026-03-03", "2027-01-01")


def test_an_overdue_article_is_marked_in_search_results_and_a_fresh_one_is_not(
    tmp_path: Path, make_bot: MakeBot
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "rotating.md").write_text(STALE, "utf-8")
    (content / "revoking.md").write_text(FRESH, "utf-8")
    bot = make_bot(content)

    page = bot.assistant.command("jwt signing keys", user_id="U1", channel_id="C1")

    cards = [json.dumps(b) for b in page["blocks"] if b["type"] == "section"]
    stale = [card for card in cards if "Rotating signing keys" in card]
    fresh = [card for card in cards if "Revoking tokens" in card]
    assert "review overdue since 3 Mar" in stale[0]
    assert not fresh or "overdue" not in fresh[0]
