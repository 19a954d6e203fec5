"""The answer / might-help / nothing decision, on what words and meaning say about three articles."""

from __future__ import annotations

import numpy as np

from bot.core.search.lexical import Evidence
from bot.core.search.tiers import decide


def words(answering: tuple[int, ...], coverage: float, *, corrected: bool = False) -> Evidence:
    """Words answered with article 0 (when `answering` says so), covering `coverage` of the question."""
    return Evidence(
        scores=np.array([5.0, 1.0, 0.5], dtype=np.float32),
        coverage=np.array([coverage, 0.1, 0.05], dtype=np.float32),
        answering=answering,
        matches=np.array(answering, dtype=np.int64),
        corrected=corrected,
    )


def meaning(first: float) -> np.ndarray:
    return np.array([first, 0.1, 0.05], dtype=np.float32)


def test_a_long_question_sharing_one_word_with_an_article_is_not_told_it_is_the_answer() -> None:
    # `who's leading the holiday party planning?` shares `lead` with the leadership article.
    decision = decide(words((0,), 0.45), meaning(0.18), words=6)
    assert decision.tier == "tentative"
    assert decision.answers == ()


def test_words_covering_most_of_the_question_answer_it_though_the_model_reads_it_poorly() -> None:
    decision = decide(words((0,), 0.8), meaning(0.18), words=6)
    assert (decision.tier, decision.answers) == ("answer", (0,))


def test_a_short_keyword_query_trusts_its_word_match() -> None:
    decision = decide(words((0,), 0.5), meaning(0.05), words=2)
    assert (decision.tier, decision.answers) == ("answer", (0,))


def test_a_close_meaning_answers_without_any_word_match() -> None:
    decision = decide(words((), 0.0), meaning(0.45), words=9)
    assert (decision.tier, decision.answers) == ("answer", (0,))


def test_nothing_close_in_words_or_meaning_is_nothing() -> None:
    decision = decide(words((), 0.0), meaning(0.2), words=9)
    assert (decision.tier, decision.answers, decision.tentative) == ("none", (), ())
