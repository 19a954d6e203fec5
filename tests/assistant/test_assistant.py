"""What the bot says, without Slack: latest ordering, first-seen times, paging, and one snapshot per request."""

from __future__ import annotations

import datetime as dt

from bot.assistant import newest_first
from bot.core.blocks import actions
from bot.core.catalog.model import Article

JAN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def article(slug: str, published: dt.date | None = None) -> Article:
    return Article(slug=slug, title=slug, category="Security", summary="", read_time=1, published=published)


def buttons(message: dict) -> list[dict]:
    """The paging buttons (Previous / More results) of a result page."""
    paging = {actions.MORE, actions.PREVIOUS}
    return [
        e
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] in paging
    ]


def test_latest_orders_by_published_date_newest_first() -> None:
    items = [article("old", dt.date(2024, 1, 1)), article("new", dt.date(2026, 5, 1))]
    assert [a.slug for a in newest_first(items, {})] == ["new", "old"]


def test_latest_falls_back_to_first_seen_for_undated_articles() -> None:
    items = [article("dated", dt.date(2025, 6, 1)), article("seen-late"), article("seen-early")]
    seen = {"seen-late": JAN.replace(year=2026), "seen-early": JAN.replace(year=2025)}
    assert [a.slug for a in newest_first(items, seen)] == ["seen-late", "dated", "seen-early"]


def test_first_seen_times_are_recorded_when_the_catalog_is_followed_not_on_a_request(bot) -> None:
    assert len(bot.store.first_seen()) == 28


def test_latest_pages_carry_the_next_offset(bot) -> None:
    message = bot.assistant.command("latest", user_id="U1", channel_id="C1")
    [more] = buttons(message)
    assert actions.decode(more["value"]) == actions.ButtonState(actions.KIND_LATEST, "", None, 10)


def test_last_latest_page_has_previous_but_no_more_button(bot) -> None:
    state = actions.ButtonState(actions.KIND_LATEST, "", None, 20)
    message = bot.assistant.page(state)
    assert [b["text"]["text"] for b in buttons(message)] == ["Previous"]
    assert message["blocks"][0]["text"]["text"].endswith("21–28 of 28")


def test_previous_goes_back_one_page(bot) -> None:
    state = actions.ButtonState(actions.KIND_CATEGORY, "", "Engineering", 10)
    [previous] = buttons(bot.assistant.page(state))
    assert actions.decode(previous["value"]) == actions.ButtonState(
        actions.KIND_CATEGORY, "", "Engineering", 0
    )


def test_latest_in_a_category_lists_only_that_category(bot) -> None:
    message = bot.assistant.command("latest security", user_id="U1", channel_id="C1")
    assert message["blocks"][0]["text"]["text"].startswith("*Latest in Security")
    assert "4 results" in message["blocks"][0]["text"]["text"]


def test_paging_past_the_end_says_there_is_nothing_more(bot) -> None:
    state = actions.ButtonState(actions.KIND_SEARCH, "kubernetes", None, 500)
    assert "No more results" in bot.assistant.page(state)["text"]


def test_latest_follows_the_catalog_after_a_reload(make_bot, catalog_dir, write_article) -> None:
    bot = make_bot(catalog_dir)
    write_article(catalog_dir, "security/brand-new.md", title="Brand New", published=dt.date(2030, 1, 1))
    bot.catalog.reload()
    latest = bot.assistant.command("latest", user_id="U1", channel_id="C1")
    assert "Brand New" in latest["blocks"][1]["text"]["text"]


def test_category_counts_follow_the_catalog_after_a_reload(make_bot, catalog_dir, write_article) -> None:
    bot = make_bot(catalog_dir)
    before = bot.assistant.command("categories", user_id="U1", channel_id="C1")["text"]
    write_article(catalog_dir, "security/one-more.md")
    bot.catalog.reload()
    after = bot.assistant.command("categories", user_id="U1", channel_id="C1")["text"]
    assert (before, after) == ("5 categories, 8 articles", "5 categories, 9 articles")


def test_search_security_searches_as_help_promises(bot) -> None:
    listed = bot.assistant.command("security", user_id="U1", channel_id="C1")
    searched = bot.assistant.command("search security", user_id="U1", channel_id="C1")
    assert listed["blocks"][0]["text"]["text"].startswith("*Security*")
    assert searched["blocks"][0]["text"]["text"].startswith("*Results for “security”*")


def test_a_broadcast_in_the_command_does_not_hide_the_category(bot) -> None:
    message = bot.assistant.command("<!channel> security", user_id="U1", channel_id="C1")
    assert message["blocks"][0]["text"]["text"].startswith("*Security*")
    assert "<!channel>" not in str(message)


def test_greetings_get_a_friendly_reply_and_are_not_recorded_as_gaps(bot) -> None:
    for text in ("hi", "thanks!", "hello?", "<@UINSIGHTS> hey team"):
        reply = bot.assistant.message(text, user_id="U1", channel_id="C1", direct=False)
        assert reply["text"].startswith("Hi!")
    assert bot.store.unanswered() == []


def test_help_in_a_dm_gets_help_and_subscribe_says_where_it_works(bot) -> None:
    help_reply = bot.assistant.message("help", user_id="U1", channel_id="D1", direct=True)
    subscribe = bot.assistant.message("subscribe security", user_id="U1", channel_id="D1", direct=True)
    assert "Ask me a question" in help_reply["text"]
    assert "works in a channel" in subscribe["text"]


def test_the_slash_grammar_works_in_a_dm(bot) -> None:
    reply = bot.assistant.message("categories", user_id="U1", channel_id="D1", direct=True)
    assert reply["text"] == "5 categories, 28 articles"


def test_an_answer_marks_an_article_whose_review_is_overdue(make_bot, catalog_dir, write_article) -> None:
    write_article(
        catalog_dir, "security/rotating-keys.md", title="Rotating Signing Keys", review_by=dt.date(2026, 3, 3),
        summary="How we rotate the keys that sign our session tokens.",
    )  # fmt: skip
    bot = make_bot(catalog_dir)
    reply = bot.assistant.message("rotating signing keys", user_id="U1", channel_id="C1", direct=False)
    assert "review overdue since 3 Mar" in str(reply["blocks"])
