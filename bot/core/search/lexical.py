"""The lexical evidence for one query: BM25F scores, how much of the query each article covers, and which of
the leading articles answer it on words alone.

Answering on words is a decision, not just a ranking: one of the leading documents must cover enough of the
query's specific information and match it strongly enough (its score as a share of a perfect match's). A
word's information is its IDF (a word the catalog never uses weighs as much as its rarest word), tempered by
how common the word is in English, since the catalog alone cannot tell `policy` or `idea` from `rabbitmq`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.core.search.english import is_common
from bot.core.search.english import specificity as english_specificity
from bot.core.search.index import K1, InvertedIndex, SurfaceWords
from bot.core.search.leaders import positive_leaders
from bot.core.search.query import RELATED_WEIGHT, Unit

# Share of the query's specific information (`Unit.info`) the answer must cover.
MIN_COVERAGE = 0.4
# Share of the best possible score (every word matched, saturated) the best document must reach: a lone
# passing mention of one query word is not an answer.
MIN_STRENGTH = 0.35
# Lower bar for further results, once the query is answered: partial matches that still add something.
MIN_RESULT_COVERAGE = 0.3
# The leading documents by score that may answer: the first may only share a coincidence with the query
# (`playbook` in another article's title, for `ansable playbook`) while the second answers it.
ANSWER_CANDIDATES = 3
MIN_RELATIVE_SCORE = 0.25
# A document whose title or tags name a specific query word (English specificity at least
# HEADLINE_SPECIFICITY, i.e. Zipf 4.5 or rarer: `poll`, `monolith`, `notification`) answers on lower bars,
# even amid generic words the catalog does not use, unless the query names a topic the catalog lacks.
HEADLINE_SPECIFICITY = 0.6
HEADLINE_COVERAGE = 0.2
HEADLINE_STRENGTH = 0.15

FloatArray = np.ndarray
IntArray = np.ndarray


@dataclass(frozen=True)
class Evidence:
    """What words alone say about a query: `scores` and `coverage` per document, `answering` the leading
    documents that answer it (best first), `matches` every document good enough to list once it is answered."""

    scores: FloatArray
    coverage: FloatArray
    answering: tuple[int, ...]
    matches: IntArray
    corrected: bool

    @property
    def answered(self) -> bool:
        return bool(self.answering)


class LexicalScorer:
    """Scores parsed queries against one inverted index; `headline` holds each article's title and tag terms
    as sorted `term * n_docs + doc` keys."""

    def __init__(self, index: InvertedIndex, headline: IntArray, words_of: SurfaceWords) -> None:
        self._index = index
        self._headline = headline
        self._words_of = words_of

    def evidence(self, units: list[Unit], outside: np.ndarray | None = None) -> Evidence:
        """`outside` marks documents out of scope (another category): they score zero."""
        scores, coverage = self._score(units)
        if outside is not None:
            scores[outside] = 0.0
        corrected = any(unit.correction is not None for unit in units)
        info = sum(unit.info for unit in units)
        if sum(unit.mass for unit in units) <= 0 or info <= 0 or not scores.any():
            empty = np.zeros(0, dtype=np.int64)
            return Evidence(scores, coverage, (), empty, corrected)
        coverage /= info
        leaders = positive_leaders(scores, ANSWER_CANDIDATES)
        answering = tuple(
            int(doc) for doc in leaders if self._answers(units, int(doc), float(coverage[doc]), info)
        )
        if not answering:
            return Evidence(scores, coverage, (), np.zeros(0, dtype=np.int64), corrected)
        best = answering[0]
        matches = np.flatnonzero(
            (coverage >= min(MIN_RESULT_COVERAGE, coverage[best]))
            & (scores >= MIN_RELATIVE_SCORE * scores[best])
        )
        return Evidence(scores, coverage, answering, matches, corrected)

    def _score(self, units: list[Unit]) -> tuple[FloatArray, FloatArray]:
        n_docs = self._index.n_docs
        scores = np.zeros(n_docs, dtype=np.float32)
        coverage = np.zeros(n_docs, dtype=np.float32)
        for unit in units:
            if unit.term is None:
                continue
            postings = self._index.postings(unit.term)
            scores[postings.docs] += postings.impacts * (unit.weight * unit.info / unit.mass)
            if not unit.related:
                coverage[postings.docs] += unit.info * unit.weight
            for extra in unit.extras:
                postings = self._index.postings(extra)
                scores[postings.docs] += postings.impacts * (unit.weight * 0.5)
        self._add_related(units, scores, coverage)
        return scores, coverage

    def _add_related(self, units: list[Unit], scores: FloatArray, coverage: FloatArray) -> None:
        """Related words (`undo` -> `rollback`) score and cover at `RELATED_WEIGHT`; per document a unit
        covers as much as its best term does, never the sum of its synonyms."""
        for unit in units:
            if not unit.related:
                continue
            specificity = unit.info / unit.mass if unit.mass > 0 else 0.0
            covered = np.zeros(scores.size, dtype=np.float32)
            if unit.term is not None:
                covered[self._index.postings(unit.term).docs] = unit.info * unit.weight
            for term in unit.related:
                postings = self._index.postings(term)
                scores[postings.docs] += postings.impacts * (unit.weight * RELATED_WEIGHT * specificity)
                np.maximum.at(covered, postings.docs, unit.info * unit.weight * RELATED_WEIGHT)
            coverage += covered

    def _answers(self, units: list[Unit], doc: int, coverage: float, info: float) -> bool:
        """Whether the document answers the query, or only shares some of its words.

        Coverage and strength both count each word by its specific information (`Unit.info`): a generic
        word of a question left unmatched (`bad`, `idea`) costs little, an unmatched specific one a lot.
        """
        if coverage < min(MIN_COVERAGE, HEADLINE_COVERAGE):
            return False
        # The score as a share of what a perfect match of every word (matched and saturated) would get.
        strength = sum(self._strength(unit, doc) for unit in units) / ((K1 + 1.0) * info)
        if coverage >= MIN_COVERAGE and strength >= MIN_STRENGTH:
            return True
        return (
            coverage >= HEADLINE_COVERAGE
            and strength >= HEADLINE_STRENGTH
            and not any(names_missing_topic(unit) for unit in units)
            and self._headline_specificity(units, doc) >= HEADLINE_SPECIFICITY
        )

    def _headline_specificity(self, units: list[Unit], doc: int) -> float:
        """How specific the most specific query word the document's title or tags name is (0: none)."""
        best = 0.0
        for unit in units:
            if unit.mass <= 0 or unit.correction is not None:
                continue
            terms = (unit.term, *unit.related) if unit.term is not None else unit.related
            if any(self._in_headline(term, doc) for term in terms):
                best = max(best, self._word_specificity(unit))
        return best

    def _word_specificity(self, unit: Unit) -> float:
        """The typed word's English specificity, but no more than the catalog's own words for its term
        when it only matched by stem: `accessibility` shares its stem with `access`, not its topic."""
        specificity = english_specificity(unit.word)
        if unit.term is None or unit.word in self._index.surfaces:
            return specificity
        stemmed = max((english_specificity(word) for word in self._words_of.get(unit.term, ())), default=1.0)
        return min(specificity, stemmed)

    def _in_headline(self, term: int, doc: int) -> bool:
        key = term * self._index.n_docs + doc
        at = int(np.searchsorted(self._headline, key))
        return at < self._headline.size and int(self._headline[at]) == key

    def _strength(self, unit: Unit, doc: int) -> float:
        """The unit's weighed impact in the document: its own term's, or its best related term's."""
        if unit.mass <= 0:
            return 0.0
        best = self._impact(unit.term, doc)
        for term in unit.related:
            best = max(best, self._impact(term, doc) * RELATED_WEIGHT)
        return best * unit.weight * unit.info / unit.mass

    def _impact(self, term: int | None, doc: int) -> float:
        """The term's impact in the document, 0 when absent (postings are sorted by document)."""
        if term is None:
            return 0.0
        postings = self._index.postings(term)
        at = int(np.searchsorted(postings.docs, doc))
        return float(postings.impacts[at]) if at < postings.docs.size and postings.docs[at] == doc else 0.0


def names_missing_topic(unit: Unit) -> bool:
    """A word the catalog never uses, not repaired, and rare in English (`kafka`, `terraform`), or part of
    an unknown phrase (`email signature`): the query is about a topic the catalog lacks, whatever else it
    shares with an article."""
    return unit.term is None and not unit.related and (unit.unknown_phrase or not is_common(unit.word))
