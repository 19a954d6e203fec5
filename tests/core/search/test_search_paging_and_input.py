"""Paging, query validation, and input that must never break search."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.search import MAX_QUERY_CHARS, QueryError, SearchIndex, SearchResponse, clean_query


def test_pages_partition_the_results(shipped_index: SearchIndex) -> None:
    everything = shipped_index.search("microservices", limit=50)
    first = shipped_index.search("microservices", limit=2)
    second = shipped_index.search("microservices", limit=2, offset=2)
    assert first.total == second.total == everything.total == len(everything.results) > 4
    paged = [hit.article.slug for hit in first.results + second.results]
    assert paged == [hit.article.slug for hit in everything.results[:4]]


def test_offset_past_the_end_is_an_empty_page_with_total(shipped_index: SearchIndex) -> None:
    response = shipped_index.search("microservices", offset=500)
    assert response.results == ()
    assert response.total > 0


def test_negative_paging_values_are_clamped(shipped_index: SearchIndex) -> None:
    response = shipped_index.search("microservices", limit=-3, offset=-1)
    assert response.results == ()
    assert response.total > 0


def test_clean_query_strips_control_characters_and_spaces() -> None:
    assert clean_query("  kube\x00rnetes\t\ngitops\u200b ") == "kubernetes gitops"


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\n"])
def test_clean_query_rejects_empty_input(text: str) -> None:
    with pytest.raises(QueryError, match="Type a few words"):
        clean_query(text)


def test_clean_query_rejects_overlong_input() -> None:
    with pytest.raises(QueryError, match="under 1,000 characters"):
        clean_query("a" * (MAX_QUERY_CHARS + 1))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "x" * 10_000,
        "kubernetes " * 1000,
        "\x00\x07\x1b[31m",
        "🚀🔥 kubernetes 🎉",
        "مرحبا كيف حالك",
        "\u202ekubernetes\u202c",
        "<!channel> <@U123> <https://evil|click>",
        "&amp; &lt; &gt;",
        "*_~`>",
        "----",
        "1234567890",
        "a-b-c-d-e-f-g",
        "ﬁ ǅ ẞ İstanbul",
    ],
)
def test_pathological_queries_never_raise(shipped_index: SearchIndex, query: str) -> None:
    assert isinstance(shipped_index.search(query), SearchResponse)


def test_slack_markup_is_not_treated_as_a_category_or_crash(shipped_index: SearchIndex) -> None:
    response = shipped_index.search("<!channel>")
    assert response.category is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.text(max_size=200),
    limit=st.integers(min_value=-5, max_value=200),
    offset=st.integers(min_value=-5, max_value=50),
)
def test_search_never_raises_and_is_well_formed(
    shipped_index: SearchIndex, query: str, limit: int, offset: int
) -> None:
    response = shipped_index.search(query, limit=limit, offset=offset)
    assert len(response.results) <= max(0, limit)
    assert response.total >= len(response.results)
    assert not (response.results and response.suggestions)
    for hit in response.results:
        assert hit.score >= 0
        for start, end in hit.snippet.marks:
            assert 0 <= start < end <= len(hit.snippet.text)


def test_empty_catalog_answers_nothing_without_error() -> None:
    from bot.core.catalog import Catalog

    index = SearchIndex.build(Catalog())
    assert index.search("kubernetes").results == ()
    assert index.listing("Security").total == 0
