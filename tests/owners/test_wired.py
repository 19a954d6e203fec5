"""The composition root ticks the owners' post beside the digests, routing questions with the live index."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.bootstrap import build
from bot.settings import Settings

from .world import MONDAY_9, RecordingPoster

ARTICLE = """---
title: Securing sessions
category: Security
summary: Access and refresh tokens, rotation and revocation.
read_time: 5
---
How refresh tokens are rotated and revoked.
"""


def test_bot_tick_posts_the_owners_report_to_the_category_channel(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "security").mkdir(parents=True)
    (content / "security" / "sessions.md").write_text(ARTICLE, "utf-8")
    (content / "categories.yml").write_text("Security:\n  owners: [U0ANA]\n  channel: C0SEC\n", "utf-8")
    settings = Settings(_env_file=None, content_dir=content, data_dir=tmp_path / "data")  # type: ignore[call-arg]
    poster = RecordingPoster()
    bot = build(settings, clock=lambda: MONDAY_9, poster=poster)
    try:
        bot.store.record_unanswered(
            query="refresh token revocation on logout",
            user_id="U9",
            channel_id="C9",
            now=MONDAY_9 - dt.timedelta(days=1),
        )
        bot.run_due()
    finally:
        bot.close()

    assert poster.channels() == ["C0SEC"]
    assert "refresh token revocation on logout" in str(poster.posts[0][1]["blocks"])
