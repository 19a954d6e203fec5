"""A query naming a category resolves to its listing; other queries stay searches."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.assistant import find
from bot.core.catalog import Category
from bot.core.search import SearchIndex, Suggestion
from tests.core.search.conftest import make_article


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("security", "Security"),
        ("SECURITY", "Security"),
        ("sec", "Security"),
        ("secrity", "Security"),
        ("devops", "Cloud & DevOps"),
        ("Cloud & DevOps", "Cloud & DevOps"),
        ("cloud and devops", "Cloud & DevOps"),
        ("arch", "Architecture"),
        ("leadership articles", "Leadership"),
        ("what's new in security", "Security"),
        ("show me devops", "Cloud & DevOps"),
    ],
)
def test_category_names_aliases_and_near_misses_resolve(
    shipped_index: SearchIndex, text: str, name: str
) -> None:
    assert shipped_index.resolve_category(text) == name


@pytest.mark.parametrize("text", ["kubernetes gitops", "security research", "load", "stripe", ""])
def test_other_queries_do_not_resolve_to_a_category(shipped_index: SearchIndex, text: str) -> None:
    assert shipped_index.resolve_category(text) is None


def test_query_naming_a_category_returns_its_listing(shipped_index: SearchIndex) -> None:
    response = find(shipped_index, "security", limit=10)
    assert response.category == "Security"
    assert response.total == 4
    assert {hit.article.category for hit in response.results} == {"Security"}


def test_two_words_with_category_word_are_a_search(shipped_index: SearchIndex) -> None:
    response = find(shipped_index, "security research")
    assert response.category is None
    assert response.results


def test_listing_is_newest_first_then_undated_by_title(build_index) -> None:
    index = build_index(
        make_article("b", "Beta", category="Ops"),
        make_article("a", "Alpha", category="Ops"),
        make_article("old", "Old", category="Ops", published=dt.date(2024, 1, 1)),
        make_article("new", "New", category="Ops", published=dt.date(2025, 6, 1)),
    )
    assert [hit.article.slug for hit in index.listing("Ops").results] == ["new", "old", "a", "b"]


def test_listing_pages_with_offset_and_limit(shipped_index: SearchIndex) -> None:
    first = shipped_index.listing("Engineering", limit=5)
    second = shipped_index.listing("Engineering", limit=5, offset=5)
    assert first.total == second.total == 12
    assert not {h.article.slug for h in first.results} & {h.article.slug for h in second.results}


def test_search_alone_never_turns_into_a_listing(shipped_index: SearchIndex) -> None:
    response = shipped_index.search("security", limit=10)
    assert response.category is None
    assert response.results


def test_unknown_category_filter_suggests_close_categories(shipped_index: SearchIndex) -> None:
    response = shipped_index.search("tokens", category="Securitee Gardening")
    assert response.results == ()
    assert response.suggestions[0] == Suggestion("category", "Security", None)


def test_alias_from_categories_file_resolves(build_index) -> None:
    index = build_index(
        make_article("a", "Anything", category="Data"), categories=(Category("Data", aliases=("analytics",)),)
    )
    assert index.resolve_category("analytics") == "Data"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("infra and cloud posts", "Cloud & DevOps"),
        ("cloud or infra", "Cloud & DevOps"),
        ("arch and sec", None),
    ],
)
def test_names_joined_by_and_or_list_a_category_only_when_they_all_mean_it(
    shipped_index: SearchIndex, text: str, name: str | None
) -> None:
    assert shipped_index.resolve_category(text) == name


def test_a_category_and_a_topic_joined_by_and_is_a_search(shipped_index: SearchIndex) -> None:
    response = find(shipped_index, "security and payments")
    assert response.category is None
