"""Help, the category overview and the App Home view, within view and message limits."""

from __future__ import annotations

from bot.core.blocks import help, home, notices
from bot.core.catalog.model import Category
from tests.core.blocks.blockkit_checks import assert_valid_home, assert_valid_message
from tests.core.blocks.builders import article, catalog

COUNTS = [(Category("Security", "Tokens.", ":lock:"), 4), (Category("Leadership"), 1)]


def test_help_lists_examples_and_categories_with_counts() -> None:
    message = help.help_message(COUNTS)
    text = str(message["blocks"])
    assert "/insights kubernetes gitops" in text
    assert "*Security* (4 articles)" in text
    assert "*Leadership* (1 article)" in text
    assert_valid_message(message)


def test_help_for_an_unknown_word_names_it_escaped() -> None:
    message = help.help_message(COUNTS, unknown="<!here>")
    assert "&lt;!here&gt;" in message["blocks"][1]["text"]["text"]
    assert_valid_message(message)


def test_categories_message_totals_the_catalog() -> None:
    message = help.categories_message(COUNTS)
    assert message["text"] == "2 categories, 5 articles"
    assert_valid_message(message)


def test_hundreds_of_categories_still_fit_one_section() -> None:
    many = [(Category(f"Category {i}", "d" * 100), i) for i in range(300)]
    assert_valid_message(help.categories_message(many))
    assert_valid_message(help.help_message(many))


def test_home_view_has_usage_categories_and_latest_articles() -> None:
    latest = [article(f"a{i}", title=f"Newest {i}") for i in range(3)]
    view = home.home_view(COUNTS, latest, catalog=catalog(*latest))
    text = str(view)
    assert "How to use" in text
    assert "*Security* (4 articles)" in text
    assert "Newest 0" in text
    assert_valid_home(view)


def test_home_view_with_ten_thousand_articles_stays_under_100_blocks() -> None:
    latest = [article(f"a{i}", title="T" * 300, summary="S" * 3000) for i in range(10_000)]
    view = home.home_view(COUNTS, latest)
    assert len(view["blocks"]) <= 100
    assert_valid_home(view)


def test_home_view_of_an_empty_catalog_says_so() -> None:
    view = home.home_view([], [])
    assert "No articles yet" in str(view)
    assert_valid_home(view)


def test_mention_help_is_short_and_valid() -> None:
    message = help.mention_help()
    assert len(message["text"]) < 200
    assert_valid_message(message)


def test_error_message_escapes_what_it_quotes() -> None:
    message = notices.trouble("Unknown <!channel>")
    assert "&lt;!channel&gt;" in message["text"]
    assert_valid_message(message)
