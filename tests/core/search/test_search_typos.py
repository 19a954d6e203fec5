"""Typo repair: unknown words are corrected with care, known words never are."""

from __future__ import annotations

import pytest

from bot.core.search import SearchIndex
from tests.core.search.conftest import make_article


def top(index: SearchIndex, query: str) -> str | None:
    results = index.search(query).results
    return results[0].article.slug if results else None


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("kubernets", "scaling-applications-in-the-cloud"),
        ("rabit mq retrys", "how-our-services-talk-to-each-other"),
        ("dokcer", "from-code-to-container"),
        ("authentification", "end-to-end-authentication"),
    ],
)
def test_misspelt_query_finds_intended_article(shipped_index: SearchIndex, query: str, slug: str) -> None:
    results = [hit.article.slug for hit in shipped_index.search(query).results[:3]]
    assert slug in results


def test_split_word_is_joined_when_joined_form_is_known(build_index) -> None:
    index = build_index(make_article("mq", "RabbitMQ in practice"), make_article("x", "Rabbits and hares"))
    assert top(index, "rabbit mq") == "mq"


def test_short_unknown_word_is_not_corrected(build_index) -> None:
    index = build_index(make_article("cat", "The cat article"))
    assert top(index, "bat") is None


def test_known_word_is_not_corrected_to_a_more_frequent_neighbour(build_index) -> None:
    index = build_index(
        make_article("lead", "Lead engineers", body="lead lead lead"),
        make_article("load", "Load testing"),
    )
    assert top(index, "load") == "load"


def test_equally_close_correction_prefers_the_more_frequent_word(build_index) -> None:
    index = build_index(
        make_article("a", "Caching one"),
        make_article("b", "Caching two"),
        make_article("c", "Catching errors"),
    )
    assert top(index, "cacching") in {"a", "b"}


def test_correction_must_agree_with_the_rest_of_the_query(build_index) -> None:
    index = build_index(
        make_article("leave", "Leader election", body="Raft picks a leader."),
        make_article("other", "Parental policies"),
    )
    assert index.search("parental leaver policies").results[0].article.slug == "other"


def test_long_question_does_not_correct_every_unknown_word(shipped_index: SearchIndex) -> None:
    assert shipped_index.search("how do I request parental leave?").results == ()


def test_typo_hit_scores_below_exact_hit(build_index) -> None:
    index = build_index(make_article("a", "Kubernetes"))
    exact = index.search("kubernetes").results[0].score
    fuzzy = index.search("kubernetse").results[0].score
    assert 0 < fuzzy < exact


@pytest.mark.parametrize("query", ["ubernetes", "lkubernetes", "ukbernetes", "qubernetes"])
def test_mistyped_first_letter_is_repaired_when_nothing_shares_it(build_index, query: str) -> None:
    index = build_index(make_article("k", "Kubernetes in practice"), make_article("x", "Other notes"))
    assert top(index, query) == "k"
