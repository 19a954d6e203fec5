"""What the bot says, without HTTP: latest ordering and first-seen times, and paging state."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.core.blocks import actions
from bot.core.catalog.model import Article
from bot.live_catalog import LiveCatalog
from bot.slack.app import SlackDeps
from bot.slack.replies import Replies, newest_first

JAN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def article(slug: str, published: dt.date | None = None) -> Article:
    return Article(slug=slug, title=slug, category="Security", summary="", read_time=1, published=published)


def test_latest_orders_by_published_date_newest_first() -> None:
    items = [article("old", dt.date(2024, 1, 1)), article("new", dt.date(2026, 5, 1))]
    assert [a.slug for a in newest_first(items, {})] == ["new", "old"]


def test_latest_falls_back_to_first_seen_for_undated_articles() -> None:
    items = [article("dated", dt.date(2025, 6, 1)), article("seen-late"), article("seen-early")]
    seen = {"seen-late": JAN.replace(year=2026), "seen-early": JAN.replace(year=2025)}
    assert [a.slug for a in newest_first(items, seen)] == ["seen-late", "dated", "seen-early"]


def test_latest_records_first_seen_times_for_articles_never_seen(deps: SlackDeps) -> None:
    Replies(deps).command("latest", user_id="U1", channel_id="C1")
    assert len(deps.store.first_seen()) == 28


def test_latest_pages_carry_the_next_offset(deps: SlackDeps) -> None:
    message = Replies(deps).latest(0)
    [more] = [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert actions.decode(more["value"]) == actions.ButtonState(actions.KIND_LATEST, "", None, 10)


def test_last_latest_page_has_no_more_button(deps: SlackDeps) -> None:
    message = Replies(deps).latest(20)
    assert all(b["type"] != "actions" for b in message["blocks"])
    assert message["blocks"][0]["text"]["text"].endswith("21–28 of 28")


def test_paging_past_the_end_says_there_is_nothing_more(deps: SlackDeps) -> None:
    state = actions.ButtonState(actions.KIND_SEARCH, "kubernetes", None, 500)
    assert "No more results" in Replies(deps).more(state)["text"]


def test_latest_follows_the_catalog_after_a_reload(deps: SlackDeps, catalog_dir, write_article) -> None:
    live = LiveCatalog(catalog_dir)
    replies = Replies(dataclasses.replace(deps, live_catalog=live))
    replies.latest()
    write_article(catalog_dir, "security/brand-new.md", title="Brand New", published=dt.date(2030, 1, 1))
    live.reload()
    assert "Brand New" in replies.latest()["blocks"][1]["text"]["text"]


def test_category_counts_follow_the_catalog_after_a_reload(
    deps: SlackDeps, catalog_dir, write_article
) -> None:
    live = LiveCatalog(catalog_dir)
    replies = Replies(dataclasses.replace(deps, live_catalog=live))
    before = replies.command("categories", user_id="U1", channel_id="C1")["text"]
    write_article(catalog_dir, "security/one-more.md")
    live.reload()
    after = replies.command("categories", user_id="U1", channel_id="C1")["text"]
    assert (before, after) == ("5 categories, 8 articles", "5 categories, 9 articles")
