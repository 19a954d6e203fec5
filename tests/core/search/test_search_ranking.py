"""Ranking: BM25F over weighted fields, stemming, compounds."""

from __future__ import annotations

from bot.core.search import SearchIndex
from tests.core.search.conftest import make_article


def slugs(index: SearchIndex, query: str) -> list[str]:
    return [hit.article.slug for hit in index.search(query, limit=10).results]


def test_title_match_outranks_body_match(build_index) -> None:
    index = build_index(
        make_article("body", "Deploy notes", body="We mention caching once in passing here."),
        make_article("title", "Caching strategies", body="How we think about layers."),
    )
    assert slugs(index, "caching") == ["title", "body"]


def test_tag_match_outranks_summary_match(build_index) -> None:
    index = build_index(
        make_article("summary", "Notes one", summary="A little about queues.", body="Plain text."),
        make_article("tag", "Notes two", summary="Unrelated words.", body="Plain text.", tags=["queues"]),
    )
    assert slugs(index, "queues")[0] == "tag"


def test_stemming_matches_other_word_forms(build_index) -> None:
    index = build_index(make_article("deploy", "Deploying services", body="Deployments run nightly."))
    assert slugs(index, "deployment") == ["deploy"]


def test_hyphenated_tag_matches_separate_words(build_index) -> None:
    index = build_index(
        make_article("tokens", "Sessions", tags=["refresh-tokens"]),
        make_article("other", "Refreshing the page", body="Press F5."),
    )
    assert slugs(index, "refresh token")[0] == "tokens"


def test_joined_form_of_compound_matches(build_index) -> None:
    index = build_index(make_article("ci", "Pipelines", tags=["ci/cd"]), make_article("x", "Other"))
    assert slugs(index, "cicd") == ["ci"]
    assert slugs(index, "ci cd") == ["ci"]


def test_more_query_words_matched_ranks_higher(build_index) -> None:
    index = build_index(
        make_article("one", "Kubernetes basics"),
        make_article("both", "Kubernetes with GitOps"),
    )
    assert slugs(index, "kubernetes gitops")[0] == "both"


def test_shipped_catalog_answers_issue_examples(shipped_index: SearchIndex) -> None:
    assert slugs(shipped_index, "kubernetes gitops")[0] == "scaling-applications-in-the-cloud"
    assert slugs(shipped_index, "stripe webhooks")[0] == "building-subscription-payments"


def test_question_sharing_few_title_words_finds_article(shipped_index: SearchIndex) -> None:
    assert slugs(shipped_index, "how do we keep refresh tokens revocable?")[0] == "securing-user-sessions"


def test_category_filter_restricts_results(shipped_index: SearchIndex) -> None:
    response = shipped_index.search("microservices", category="Engineering", limit=20)
    assert response.category == "Engineering"
    assert response.results
    assert {hit.article.category for hit in response.results} == {"Engineering"}


def test_category_filter_accepts_alias(shipped_index: SearchIndex) -> None:
    assert shipped_index.search("azure", category="devops").category == "Cloud & DevOps"


def test_hits_carry_article_and_positive_descending_scores(shipped_index: SearchIndex) -> None:
    results = shipped_index.search("microservices", limit=10).results
    scores = [hit.score for hit in results]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)


def test_ranking_is_deterministic(shipped_index: SearchIndex) -> None:
    assert slugs(shipped_index, "azure") == slugs(shipped_index, "azure")
