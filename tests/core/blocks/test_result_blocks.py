"""Result pages and shared cards: what each hit shows, escaping, paging buttons and Block Kit limits."""

from __future__ import annotations

import json

from bot.core.blocks import actions, results
from bot.core.search import Suggestion
from tests.core.blocks.blockkit_checks import assert_valid_message
from tests.core.blocks.builders import article, catalog, hit


def page_of(*items, total=None, offset=0, more=None) -> dict:
    hits = tuple((h.article, h.snippet) for h in items)
    page = results.Page("Results for “tokens”", hits, total or len(hits), offset, more)
    return results.page_message(page, query="tokens", catalog=catalog(*(h.article for h in items)))


def test_each_hit_shows_linked_title_category_read_time_summary_and_bold_snippet() -> None:
    item = article("s", title="Sessions", url="https://example.com/s", read_time=7, summary="About sessions.")
    message = page_of(hit(item, "Store refresh tokens server side.", [(14, 20)]))
    text = message["blocks"][1]["text"]["text"]
    assert "*<https://example.com/s|Sessions>*" in text
    assert ":lock: Security · 7 min read" in text
    assert "About sessions." in text
    assert "> Store refresh *tokens* server side." in text
    assert_valid_message(message)


def test_results_are_ephemeral_with_a_share_button_per_hit() -> None:
    message = page_of(hit(article("a")), hit(article("b")))
    assert message["response_type"] == "ephemeral"
    shares = [b["accessory"] for b in message["blocks"] if "accessory" in b]
    assert [actions.decode(s["value"]).slug for s in shares] == ["a", "b"]


def test_more_results_button_only_when_there_is_a_next_page() -> None:
    more = actions.ButtonState(actions.KIND_SEARCH, "tokens", None, 5)
    with_more = page_of(hit(article("a")), total=9, more=more)
    assert json.dumps(with_more).count(actions.MORE) == 1
    assert actions.MORE not in json.dumps(page_of(hit(article("a"))))


def test_counter_shows_the_range_on_later_pages() -> None:
    message = page_of(hit(article("f")), total=6, offset=5)
    assert message["blocks"][0]["text"]["text"].endswith("6–6 of 6")


def test_article_text_with_slack_markup_is_escaped() -> None:
    item = article("x", title="<!channel> & <@U123>", summary="<#C1|x> &amp; <https://evil|click>")
    message = page_of(hit(item, "<!here> tokens", [(8, 14)]))
    assert_valid_message(message)
    assert "&lt;!channel&gt; &amp; &lt;@U123&gt;" in message["blocks"][1]["text"]["text"]


def test_huge_article_fields_are_trimmed_within_section_limits() -> None:
    item = article("big", title="T" * 5000, summary="S" * 10_000, url="https://example.com/" + "p" * 4000)
    message = page_of(hit(item, "tokens " * 2000, [(0, 6)]))
    assert_valid_message(message)


def test_a_full_page_of_long_hits_stays_within_message_limits() -> None:
    items = [hit(article(f"a{i}", title="T" * 500, summary="S" * 3000), "x " * 3000) for i in range(10)]
    more = actions.ButtonState(actions.KIND_SEARCH, "q" * 3000, None, 10)
    assert_valid_message(page_of(*items, total=100, more=more))


def test_unsafe_urls_are_not_linked() -> None:
    for url in ("javascript:alert(1)", "https://x.test/a|b", "https://x.test/<!channel>"):
        message = page_of(hit(article("u", title="Safe", url=url)))
        assert "*Safe*" in message["blocks"][1]["text"]["text"]
        assert_valid_message(message)


def test_no_results_offers_suggestions_marked_as_such() -> None:
    suggestions = (Suggestion("article", "Securing User Sessions", "s"), Suggestion("category", "Security"))
    message = results.no_results_message("<!channel> sesions", suggestions)
    text = message["blocks"][0]["text"]["text"]
    assert "Securing User Sessions _(article)_" in text
    assert "Security _(category)_" in text
    assert "&lt;!channel&gt;" in text
    assert_valid_message(message)


def test_shared_card_is_in_channel_and_attributed() -> None:
    message = results.shared_message(article("s", title="Sessions"), "U0ALICE")
    assert message["response_type"] == "in_channel"
    assert "Shared by <@U0ALICE>" in json.dumps(message)
    assert_valid_message(message)


def test_shared_card_with_a_strange_user_id_mentions_nobody() -> None:
    message = results.shared_message(article("s"), "<!channel>")
    assert "Shared by Someone" in json.dumps(message)
    assert_valid_message(message)


def test_a_passage_from_the_summary_is_bolded_in_the_summary_not_repeated() -> None:
    item = article("s", summary="Sessions matter. Store refresh tokens server side. Rotate them.")
    message = page_of(hit(item, "Store refresh tokens server side.", [(14, 20)]))
    text = message["blocks"][1]["text"]["text"]
    assert text.endswith("Sessions matter. Store refresh *tokens* server side. Rotate them.")
    assert "> " not in text
