"""Behaviour that makes search hold up on queries nobody tuned it for: general English as a prior."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.assistant import find
from bot.core.search import SearchIndex
from bot.core.search.english import is_common, specificity, zipf
from tests.core.search.conftest import make_article

Build = Callable[..., SearchIndex]


def test_everyday_words_are_common_and_jargon_is_not() -> None:
    assert is_common("hooks")
    assert is_common("policy")
    assert not is_common("kubernetes")
    assert not is_common("kubernets")


def test_word_outside_the_frequency_list_counts_as_rare() -> None:
    assert zipf("rabbitmq") == 0.0


def test_generic_word_is_less_specific_than_jargon_but_never_worthless() -> None:
    assert specificity("singleton") == 1.0
    assert 0.0 < specificity("idea") < specificity("notification") < 1.0


def test_common_english_word_is_not_repaired_into_a_catalog_word(build_index: Build) -> None:
    index = build_index(
        make_article("ui", "How the Dashboard Looks", summary="Charts and looks of the dashboard."),
        make_article("ops", "Deploying with Helm", summary="Helm releases for every service."),
    )
    assert index.search("hooks").results == ()


def test_unknown_jargon_with_an_everyday_word_gets_no_answer(shipped_index: SearchIndex) -> None:
    assert shipped_index.search("react hooks best practices").results == ()


def test_misspelt_jargon_is_still_repaired(build_index: Build) -> None:
    index = build_index(make_article("k8s", "Running Kubernetes", summary="Clusters and pods."))
    assert [hit.article.slug for hit in index.search("kubernets pods").results] == ["k8s"]


def test_two_everyday_words_the_catalog_joins_match_as_one_topic(build_index: Build) -> None:
    index = build_index(
        make_article("presence", "Presence Indicators", tags=["real-time"], summary="Who is online, live."),
        make_article("timesheets", "Timesheets", summary="Log the real hours you spend and the time off."),
    )
    assert index.search("real time").results[0].article.slug == "presence"


def test_question_matching_its_specific_word_is_answered_despite_generic_rest(build_index: Build) -> None:
    index = build_index(
        make_article("patterns", "Design Patterns", summary="Singleton, factory and strategy in real code."),
        make_article("debt", "Technical Debt", summary="Spotting and paying down shortcuts."),
    )
    assert [hit.article.slug for hit in index.search("when is a singleton a bad idea?").results] == [
        "patterns"
    ]


def test_second_best_document_answers_when_the_best_only_shares_a_generic_word(
    shipped_index: SearchIndex,
) -> None:
    slugs = [hit.article.slug for hit in shipped_index.search("ansable playbook").results]
    assert "automating-cloud-infrastructure" in slugs[:3]


@pytest.mark.parametrize("query", ["anything new in devops?", "got anything on security?"])
def test_listing_phrasing_around_a_category_lists_it(shipped_index: SearchIndex, query: str) -> None:
    assert find(shipped_index, query).category is not None


@pytest.mark.parametrize(
    ("query", "category"),
    [
        ("devops", "Cloud & DevOps"),
        ("sec", "Security"),
        ("secrity", "Security"),
        ("show me security stuff", "Security"),
    ],
)
def test_category_words_alone_or_with_listing_words_list_the_category(
    shipped_index: SearchIndex, query: str, category: str
) -> None:
    assert find(shipped_index, query).category == category


@pytest.mark.parametrize("query", ["security headers", "kubernetes gitops"])
def test_category_word_with_topic_words_is_a_search(shipped_index: SearchIndex, query: str) -> None:
    assert find(shipped_index, query).category is None


@pytest.mark.parametrize("query", ["eslint", "whats our eslint + prettier setup"])
def test_a_tool_named_for_what_the_article_does_finds_it(shipped_index: SearchIndex, query: str) -> None:
    response = find(shipped_index, query)
    assert response.confidence == "answer"
    assert response.results[0].article.slug == "enforcing-code-standards-across-a-multi-language-team"
