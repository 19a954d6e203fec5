"""Questions the catalog does not answer get no results, only suggestions marked as such."""

from __future__ import annotations

import pytest

from bot.core.search import SearchIndex
from tests.core.search.conftest import make_article


@pytest.mark.parametrize(
    "question",
    ["how do I request parental leave?", "what is the wifi password", "kafka consumer groups"],
)
def test_unanswered_question_returns_no_results(shipped_index: SearchIndex, question: str) -> None:
    response = shipped_index.search(question)
    assert response.results == ()
    assert response.total == 0


def test_unanswered_query_suggests_closest_titles_as_suggestions(shipped_index: SearchIndex) -> None:
    response = shipped_index.search("how do I book a meeting room?")
    assert response.results == ()
    assert any(s.kind == "article" and s.slug for s in response.suggestions)


def test_best_partial_match_is_the_first_suggestion(shipped_index: SearchIndex) -> None:
    suggestions = shipped_index.search("how do I book a meeting room?").suggestions
    assert suggestions[0].slug == "building-slack-style-chat-from-scratch"


def test_category_suggestions_carry_no_slug(shipped_index: SearchIndex) -> None:
    response = shipped_index.search("how do I book a meeting room?")
    categories = [s for s in response.suggestions if s.kind == "category"]
    assert categories
    assert all(s.slug is None for s in categories)


def test_answered_query_has_no_suggestions(shipped_index: SearchIndex) -> None:
    response = shipped_index.search("kubernetes")
    assert response.results
    assert response.suggestions == ()


def test_partial_matches_below_coverage_are_not_results(build_index) -> None:
    index = build_index(make_article("room", "Chat rooms"), make_article("x", "Other things"))
    assert index.search("book a meeting room for tuesday").results == ()
