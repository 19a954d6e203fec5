"""The second held-out set (`tests/eval/holdout2.yml`), written blind before the rebalancing it measures.

Where the engine meets the quality targets on it, they hold; where it does not (questions phrased with few
of an article's words), a floor at the measured figure keeps any change from quietly making them worse.
"""

from __future__ import annotations

from pathlib import Path

from bot.cli.eval_cmd import DEFAULT_QUERIES, read_queries
from bot.core.search import SearchIndex
from bot.core.search.evaluate import KINDS, evaluate
from tests.core.search.finding import finder

HOLDOUT2 = Path(__file__).resolve().parents[2] / "eval" / "holdout2.yml"
HOLDOUT = HOLDOUT2.with_name("holdout.yml")
# Measured after the last search pass described in docs/search.md (0.679 and 0.847); the targets are 0.95
# overall, 0.90 questions.
QUESTION_FLOOR = 0.67
OVERALL_FLOOR = 0.84


def _hit_at_3(index: SearchIndex) -> dict[str, float]:
    scores, _ = evaluate(finder(index), read_queries(HOLDOUT2))
    return {score.kind: score.hit_at_3 for score in scores}


def test_holdout2_is_large_covers_every_kind_and_shares_no_query_with_the_other_sets() -> None:
    holdout2 = read_queries(HOLDOUT2)
    assert len(holdout2) >= 60
    assert {q.kind for q in holdout2} == set(KINDS)
    assert sum(q.kind == "question" for q in holdout2) >= 20
    assert sum(q.kind == "no_answer" for q in holdout2) >= 15
    others = read_queries(DEFAULT_QUERIES) + read_queries(HOLDOUT)
    assert not {q.query.casefold() for q in holdout2} & {q.query.casefold() for q in others}


def test_holdout2_leaves_at_least_four_in_five_unanswerable_questions_unanswered(
    shipped_index: SearchIndex,
) -> None:
    assert _hit_at_3(shipped_index)["no_answer"] >= 0.8


def test_holdout2_meets_typo_keyword_and_category_targets(shipped_index: SearchIndex) -> None:
    scores = _hit_at_3(shipped_index)
    assert scores["typo"] >= 0.9
    assert scores["keyword"] >= 0.95
    assert scores["category"] >= 0.9


def test_holdout2_questions_and_overall_stay_at_or_above_the_measured_floor(
    shipped_index: SearchIndex,
) -> None:
    scores = _hit_at_3(shipped_index)
    assert scores["question"] >= QUESTION_FLOOR
    assert scores["overall"] >= OVERALL_FLOOR
