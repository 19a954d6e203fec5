"""The digest message: its parts, escaping of content, and Slack's limits whatever the category size."""

from __future__ import annotations

import datetime as dt

from slack_sdk.models.blocks import Block

from bot.core.blocks.digest import MAX_NEW_ITEMS, digest_message
from bot.core.blocks.text import MAX_BLOCKS_MESSAGE, MAX_FALLBACK_TEXT
from bot.core.catalog.model import Catalog, Category
from bot.core.digest import compose_digest
from bot.shell.render import render_message

from .world import MONDAY_9, article, make_catalog


def message_for(catalog: Catalog, *, archive_count: int = 3, new: bool = True):
    seen = MONDAY_9 - dt.timedelta(hours=1) if new else MONDAY_9 - dt.timedelta(days=90)
    digest = compose_digest(
        catalog,
        "Security",
        since=MONDAY_9 - dt.timedelta(days=7),
        until=MONDAY_9,
        first_seen={a.slug: seen for a in catalog.articles},
        sent={},
        archive_count=archive_count,
    )
    return digest_message(digest, period_label="23 Nov 2026")


def test_digest_shows_header_new_archive_and_footer():
    catalog = make_catalog(2)
    catalog = Catalog(articles=(*catalog.articles, article("old-one")), categories=catalog.categories)
    digest = compose_digest(
        catalog,
        "Security",
        since=MONDAY_9 - dt.timedelta(days=7),
        until=MONDAY_9,
        first_seen={
            "security-0": MONDAY_9,
            "security-1": MONDAY_9,
            "old-one": MONDAY_9 - dt.timedelta(days=99),
        },
        sent={},
        archive_count=3,
    )
    text = render_message(digest_message(digest, period_label="23 Nov 2026")).text
    assert text.index(":lock: Security digest") < text.index("New this week") < text.index("From the archive")
    assert "Old One · 5 min read" in text
    assert "/insights unsubscribe Security" in text


def test_five_hundred_article_category_stays_within_block_kit_limits():
    message = message_for(make_catalog(500), archive_count=20)
    assert len(message["blocks"]) <= MAX_BLOCKS_MESSAGE
    assert len(message["text"]) <= MAX_FALLBACK_TEXT
    for block in message["blocks"]:
        Block.parse(block).validate_json()
    assert f"…and {500 - MAX_NEW_ITEMS} more new" in render_message(message).text


def test_article_text_cannot_ping_the_channel():
    catalog = Catalog(
        articles=(article("evil", title="<!channel> & friends", summary="Hi <@U123> <https://x|y>"),),
        categories=(Category("Security"),),
    )
    message = message_for(catalog)
    body = str(message["blocks"])
    assert "<!channel>" not in body
    assert "<@U123>" not in body
    assert "&lt;!channel&gt; &amp; friends" in body


def test_linked_title_when_the_article_has_a_url():
    catalog = Catalog(
        articles=(article("linked", title="Tokens", url="https://wiki.example.com/tokens?a=1&b=2"),),
        categories=(Category("Security"),),
    )
    assert "<https://wiki.example.com/tokens?a=1&amp;b=2|Tokens>" in str(message_for(catalog)["blocks"])


def test_fallback_text_names_the_category_and_period():
    assert message_for(make_catalog(1))["text"].startswith("Security digest, week of 23 Nov 2026")
