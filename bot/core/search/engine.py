"""`SearchIndex`: the one object callers use: build it from a catalog, then search, list and resolve.

Answering is a decision, not just a ranking: one of the leading documents must cover enough of the
query's specific information and match it strongly enough (its score as a share of a perfect match's).
A word's information is its IDF (a word the catalog never uses weighs as much as its rarest word),
tempered by how common the word is in English, since the catalog alone cannot tell `policy` or `idea`
from `rabbitmq`. Otherwise the query gets no results, only suggestions marked as such.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from bot.core.catalog import Article, Catalog
from bot.core.search.categories import CategoryResolver
from bot.core.search.english import is_common
from bot.core.search.english import specificity as english_specificity
from bot.core.search.fuzzy import Speller
from bot.core.search.index import K1, InvertedIndex
from bot.core.search.phrases import Phrases
from bot.core.search.query import RELATED_WEIGHT, QueryParser, Unit
from bot.core.search.snippet import Passages, best_snippet
from bot.core.search.suggest import category_suggestions, suggestions_for
from bot.core.search.text import Analyzer
from bot.core.search.types import MAX_QUERY_CHARS, Hit, SearchResponse, Snippet, strip_control

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
MAX_LIMIT = 100


@dataclass(frozen=True)
class _Ranked:
    docs: np.ndarray
    scores: np.ndarray
    total: int


class SearchIndex:
    """An immutable index over one catalog; rebuild (and swap) it when the catalog changes."""

    def __init__(self, catalog: Catalog, analyzer: Analyzer, index: InvertedIndex) -> None:
        self.catalog = catalog
        self._analyzer = analyzer
        self._index = index
        phrases = Phrases.of(
            [a.title for a in catalog.articles] + [t for a in catalog.articles for t in a.tags]
        )
        speller = Speller(index.surfaces, index.df, index.joined_only)
        self._parser = QueryParser(analyzer, index, speller, phrases)
        self._categories = CategoryResolver(catalog.categories)
        names = sorted({c.name for c in catalog.categories} | {a.category for a in catalog.articles})
        self._category_ids = {name: number for number, name in enumerate(names)}
        self._doc_category = np.array(
            [self._category_ids[a.category] for a in catalog.articles], dtype=np.int32
        )
        # Sentence boundaries do not depend on the query: found once here, not per hit.
        self._passages = [Passages.of(a.body or a.summary) for a in catalog.articles]
        self._headline = index.headline
        self._words_of = index.words_of

    @classmethod
    def build(cls, catalog: Catalog) -> SearchIndex:
        analyzer = Analyzer()
        documents = [(a.title, " ".join(a.tags), a.summary, a.body, a.category) for a in catalog.articles]
        return cls(catalog, analyzer, InvertedIndex.build(analyzer, documents))

    @property
    def nbytes(self) -> int:
        return self._index.nbytes

    def resolve_category(self, text: str) -> str | None:
        return self._categories.resolve(strip_control(text)[:MAX_QUERY_CHARS], self._is_known_word)

    def listing(self, category: str, *, limit: int = 10, offset: int = 0) -> SearchResponse:
        """A category's articles, newest first (undated ones after, by title)."""
        name = self.resolve_category(category)
        if name is None:
            return SearchResponse(category, None, (), category_suggestions(self, category), 0)
        articles = sorted(self.catalog.in_category(name), key=_listing_order)
        limit, offset = _page(limit, offset)
        page = tuple(
            Hit(article, 0.0, Snippet(article.summary)) for article in articles[offset : offset + limit]
        )
        return SearchResponse(category, name, page, (), len(articles))

    def search(
        self, query: str, *, category: str | None = None, limit: int = 5, offset: int = 0
    ) -> SearchResponse:
        text = strip_control(query)[:MAX_QUERY_CHARS]
        if not text:
            return SearchResponse(text, None, (), (), 0)
        if category is None:
            named = self.resolve_category(text)
            if named is not None:
                response = self.listing(named, limit=limit, offset=offset)
                return SearchResponse(text, named, response.results, (), response.total)
            scope = None
        else:
            scope = self.resolve_category(category)
            if scope is None:
                return SearchResponse(text, None, (), category_suggestions(self, category), 0)
        units = self._parser.parse(text)
        limit, offset = _page(limit, offset)
        ranked = self._rank(units, scope, limit, offset)
        if ranked.total == 0:
            return SearchResponse(text, scope, (), suggestions_for(self, text, ranked.docs[:3]), 0)
        weights: dict[str, tuple[int, float]] = {}
        for unit in units:
            for term, weight in ((unit.term, unit.mass), *((extra, unit.mass / 2) for extra in unit.extras)):
                for word in self._words_of.get(term, ()) if term is not None else ():
                    weights.setdefault(word, (term, weight))
        hits = []
        page = slice(offset, offset + limit)
        for doc, score in zip(ranked.docs[page], ranked.scores[page], strict=True):
            article = self.catalog.articles[int(doc)]
            snippet = best_snippet(self._passages[int(doc)], weights)
            hits.append(Hit(article, round(float(score), 4), snippet))
        return SearchResponse(text, scope, tuple(hits), (), ranked.total)

    def _rank(self, units: list[Unit], scope: str | None, limit: int, offset: int) -> _Ranked:
        """Score every document, decide whether the query is answered, and order the matches.

        When unanswered, `docs` still holds the partial matches (best first) for suggestions; total is 0.
        """
        n_docs = self._index.n_docs
        scores = np.zeros(n_docs, dtype=np.float32)
        coverage = np.zeros(n_docs, dtype=np.float32)
        bonus: np.ndarray | None = None
        mass = sum(unit.mass for unit in units)
        info = sum(unit.info for unit in units)
        for unit in units:
            if unit.term is None:
                continue
            postings = self._index.postings(unit.term)
            scores[postings.docs] += postings.impacts * (unit.weight * unit.info / unit.mass)
            if not unit.related:
                coverage[postings.docs] += unit.info * unit.weight
            for extra in unit.extras:
                bonus = np.zeros(n_docs, dtype=np.float32) if bonus is None else bonus
                postings = self._index.postings(extra)
                bonus[postings.docs] += postings.impacts * (unit.weight * 0.5)
        if bonus is not None:
            scores += bonus
        self._add_related(units, scores, coverage)
        if scope is not None:
            scores[self._doc_category != self._category_ids[scope]] = 0.0
        if mass <= 0 or not scores.any():
            return _Ranked(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), 0)
        coverage /= info
        leaders = _top(np.flatnonzero(scores), scores, max(3, ANSWER_CANDIDATES))
        answering = [
            int(doc)
            for doc in leaders[:ANSWER_CANDIDATES]
            if self._answers(units, int(doc), float(coverage[doc]), info)
        ]
        if not answering:
            return _Ranked(leaders[:3], scores[leaders[:3]], 0)
        best = answering[0]
        matches = np.flatnonzero(
            (coverage >= min(MIN_RESULT_COVERAGE, coverage[best]))
            & (scores >= MIN_RELATIVE_SCORE * scores[best])
        )
        order = _top(matches, scores, offset + limit)
        return _Ranked(order, scores[order], int(matches.size))

    def _add_related(self, units: list[Unit], scores: np.ndarray, coverage: np.ndarray) -> None:
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
        if info <= 0 or coverage < min(MIN_COVERAGE, HEADLINE_COVERAGE):
            return False
        # The score as a share of what a perfect match of every word (matched and saturated) would get.
        strength = sum(self._strength(unit, doc) for unit in units) / ((K1 + 1.0) * info)
        if coverage >= MIN_COVERAGE and strength >= MIN_STRENGTH:
            return True
        return (
            coverage >= HEADLINE_COVERAGE
            and strength >= HEADLINE_STRENGTH
            and not any(_names_missing_topic(unit) for unit in units)
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

    def _is_known_word(self, word: str) -> bool:
        return self._parser.known(word) is not None


def _names_missing_topic(unit: Unit) -> bool:
    """A word the catalog never uses, not repaired, and rare in English (`kafka`, `terraform`), or part of
    an unknown phrase (`email signature`): the query is about a topic the catalog lacks, whatever else it
    shares with an article."""
    return unit.term is None and not unit.related and (unit.unknown_phrase or not is_common(unit.word))


def _top(docs: np.ndarray, scores: np.ndarray, count: int) -> np.ndarray:
    """The `count` best of `docs` by score, ties by document order, without sorting them all."""
    if docs.size > count:
        docs = np.sort(docs[np.argpartition(-scores[docs], count - 1)[:count]]) if count > 0 else docs[:0]
    return docs[np.lexsort((docs, -scores[docs]))]


def _listing_order(article: Article) -> tuple[int, int, str]:
    published = article.published.toordinal() if isinstance(article.published, dt.date) else 0
    return (0 if published else 1, -published, article.title.casefold())


def _page(limit: int, offset: int) -> tuple[int, int]:
    return max(0, min(int(limit), MAX_LIMIT)), max(0, int(offset))
