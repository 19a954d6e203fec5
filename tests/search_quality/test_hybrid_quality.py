"""Answers to questions in people's own words: the three tiers on the labelled and held-out sets.

`blind_dev.yml` is the set the tier thresholds were tuned on (written blind, scored once before tuning; both
figures are in docs/search.md), so here it guards against regressions; `queries.yml` and `holdout.yml` were
not used to tune the tiers. `holdout2.yml` and `blind_dev2.yml` keep floors at their measured figures:
holdout2's questions are phrased far from their articles, and the packaged model reaches only some of them.
Its floor went from 0.67 to 0.60 when a long question's word match began to need a meaning similarity of
0.25 rather than 0.15 to be called the answer: across every labelled set, unanswerable questions given an
answer fell from 8% to 5%, and the two holdout2 questions it cost are still shown as might-help
(docs/search.md, "Second round").
"""

from __future__ import annotations

import pytest

from bot.assistant import find
from bot.cli.eval_cmd import read_queries
from bot.core.search import SearchIndex
from bot.core.search.evaluate import Score, evaluate, unmet_targets
from tests.search_quality.conftest import EVAL_DIR


def scores_on(index: SearchIndex, name: str) -> dict[str, Score]:
    scores, _ = evaluate(lambda text, depth: find(index, text, limit=depth), read_queries(EVAL_DIR / name))
    return {score.kind: score for score in scores}


@pytest.mark.parametrize("name", ["queries.yml", "holdout.yml"])
def test_hybrid_search_meets_every_target_on_sets_it_was_not_tuned_on(
    hybrid_index: SearchIndex, name: str
) -> None:
    scores, _ = evaluate(
        lambda text, depth: find(hybrid_index, text, limit=depth), read_queries(EVAL_DIR / name)
    )
    assert [line for line in unmet_targets(scores) if not line.startswith("no_answer: hit@3")] == []


def test_questions_on_the_blind_dev_set_are_answered_and_unanswerable_ones_are_not(
    hybrid_index: SearchIndex,
) -> None:
    scores = scores_on(hybrid_index, "blind_dev.yml")
    assert scores["question"].hit_at_3 >= 0.90
    assert scores["question"].any_at_3 >= 0.97
    assert scores["no_answer"].hit_at_3 >= 0.95
    assert scores["no_answer"].any_at_3 >= 0.70
    assert scores["typo"].hit_at_3 >= 0.97


def test_holdout2_stays_at_or_above_its_measured_floor(hybrid_index: SearchIndex) -> None:
    scores = scores_on(hybrid_index, "holdout2.yml")
    assert scores["question"].hit_at_3 >= 0.60
    assert scores["question"].any_at_3 >= 0.78
    assert scores["no_answer"].hit_at_3 >= 0.94


def test_the_second_blind_dev_set_stays_at_or_above_its_measured_floor(hybrid_index: SearchIndex) -> None:
    scores = scores_on(hybrid_index, "blind_dev2.yml")
    assert scores["question"].hit_at_3 >= 0.89
    assert scores["question"].any_at_3 >= 0.95
    assert scores["no_answer"].hit_at_3 >= 0.96
    assert scores["no_answer"].any_at_3 >= 0.80
    assert scores["category"].hit_at_3 >= 0.85


def test_a_paraphrase_is_answered_with_its_article(hybrid_index: SearchIndex) -> None:
    response = hybrid_index.search("how do we scale our containers up automatically when traffic spikes?")
    assert response.confidence == "answer"
    assert "scaling-applications-in-the-cloud" in [hit.article.slug for hit in response.results]


def test_an_off_topic_question_gets_nothing_and_no_unrelated_article(hybrid_index: SearchIndex) -> None:
    response = hybrid_index.search("how do I request PTO?")
    assert response.confidence == "none"
    assert response.results == response.tentative == ()
    assert not [s for s in response.suggestions if s.kind == "article"]


def test_a_related_but_uncertain_question_might_help_without_being_called_the_answer(
    hybrid_index: SearchIndex,
) -> None:
    response = hybrid_index.search("how do we stop a failed charge from cancelling someone's plan?")
    assert response.confidence == "tentative"
    assert response.results == ()
    assert [hit.article.slug for hit in response.tentative][:1] == ["building-subscription-payments"]
    assert any(
        s.kind == "article" and s.slug == "building-subscription-payments" for s in response.suggestions
    )


def test_a_typo_is_answered_on_words_and_the_correction_is_reported(hybrid_index: SearchIndex) -> None:
    response = hybrid_index.search("kubernets")
    assert response.confidence == "answer"
    assert response.corrections == (("kubernets", "kubernetes"),)


def test_each_answer_says_which_fields_matched_and_how_close_the_meaning_is(
    hybrid_index: SearchIndex,
) -> None:
    [first, *_] = hybrid_index.search("refresh token revocation").results
    assert dict(first.why.fields)["tags"]
    assert first.why.similarity is not None
    assert 0.0 < first.why.similarity <= 1.0


def test_a_question_sharing_only_a_word_with_an_article_is_not_answered_with_it(
    hybrid_index: SearchIndex,
) -> None:
    response = hybrid_index.search("who's leading the holiday party planning?")
    assert response.confidence != "answer"
    assert response.results == ()


def test_the_second_final_set_scored_once_stays_at_or_above_that_score(hybrid_index: SearchIndex) -> None:
    scores = scores_on(hybrid_index, "blind_final2.yml")
    assert scores["question"].hit_at_3 >= 0.83
    assert scores["question"].any_at_3 >= 0.91
    assert scores["no_answer"].hit_at_3 >= 0.90
    assert scores["no_answer"].any_at_3 >= 0.80
    assert scores["keyword"].hit_at_3 == scores["typo"].hit_at_3 == 1.0
    assert scores["category"].hit_at_3 >= 0.5
