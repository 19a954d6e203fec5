"""`SearchIndex`: the one object callers use: build it from a catalog, then search, list and resolve.

A search weighs two kinds of evidence: words (`lexical`, BM25F with typo repair and related words) and, when a
model is given, meaning (`Meaning`, cosine similarity of sentence embeddings). `tiers` turns them into an
answer, a "might help", or nothing. Listing a category is not a search: the grammar decides between the two
(`bot.core.intents`), so `search` never turns a query into a listing.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable
from typing import Protocol

import numpy as np
from rapidfuzz.distance import OSA

from bot.core.catalog import Article, Catalog
from bot.core.search.analysis import Analyzer
from bot.core.search.built import LexicalParts
from bot.core.search.category_names import CategoryResolver
from bot.core.search.english import zipf
from bot.core.search.explain import explain
from bot.core.search.fuzzy import Speller
from bot.core.search.leaders import leaders_among, positive_leaders
from bot.core.search.lexical import Evidence, LexicalScorer
from bot.core.search.query import QueryParser, Unit
from bot.core.search.snippet import Passages, best_snippet
from bot.core.search.suggest import category_suggestions, suggestions_for
from bot.core.search.tiers import Decision, decide, decide_lexical
from bot.core.search.types import (
    MAX_QUERY_CHARS,
    Hit,
    SearchResponse,
    Snippet,
    Suggestion,
    Why,
    strip_control,
)

MAX_LIMIT = 100
EXPLAINED = 3
"""Hits explained per page ("Why this result?" is shown for the answers, at most three)."""


class Meaning(Protocol):
    """Semantic similarity of a query to every article (in catalog order), or None when it cannot say (the
    model failed on this query); implemented outside `core`, where the model and its cache live."""

    def similarities(self, text: str) -> np.ndarray | None: ...


class SearchIndex:
    """An immutable index over one catalog; rebuild (and swap) it when the catalog changes."""

    def __init__(
        self,
        catalog: Catalog,
        parts: LexicalParts,
        meaning: Meaning | None = None,
        analyzer: Analyzer | None = None,
    ) -> None:
        """`parts` must have been built from this catalog's articles (`LexicalParts.build`), here or earlier."""
        self.catalog = catalog
        self.meaning = meaning
        self.parts = parts
        self._analyzer = analyzer or Analyzer()
        self._index = index = parts.index
        speller = Speller(index.surfaces, index.df, index.joined_only)
        self._parser = QueryParser(self._analyzer, index, speller, parts.phrases)
        self._categories = CategoryResolver(catalog.categories)
        names = sorted({c.name for c in catalog.categories} | {a.category for a in catalog.articles})
        self._category_ids = {name: number for number, name in enumerate(names)}
        self._doc_category = np.array(
            [self._category_ids[a.category] for a in catalog.articles], dtype=np.int32
        )
        # Sentence boundaries do not depend on the query: found when the parts were built, not per hit.
        self._texts = parts.texts
        self._starts = parts.sentence_starts.astype(np.intc, copy=False)
        self._start_at = parts.sentence_offsets
        self._words_of = index.words_of
        self._lexical = LexicalScorer(index, index.headline, index.words_of)

    @classmethod
    def build(cls, catalog: Catalog, meaning: Meaning | None = None) -> SearchIndex:
        analyzer = Analyzer()
        return cls(catalog, LexicalParts.build(catalog.articles, analyzer), meaning, analyzer)

    @property
    def nbytes(self) -> int:
        return self._index.nbytes

    def resolve_category(self, text: str) -> str | None:
        return self._categories.resolve(strip_control(text)[:MAX_QUERY_CHARS], self._is_known_word)

    def listing(self, category: str, *, limit: int = 10, offset: int = 0) -> SearchResponse:
        """A category's articles, newest first (undated ones after, by title).

        `category` is a name the caller already resolved (`resolve_category`); the grammar decides between
        listing and searching once, so nothing here second-guesses it.
        """
        articles = sorted(self.catalog.in_category(category), key=_listing_order)
        limit, offset = _page(limit, offset)
        page = tuple(
            Hit(article, 0.0, Snippet(article.summary)) for article in articles[offset : offset + limit]
        )
        return SearchResponse(category, category, page, (), len(articles), confidence="answer")

    def search(
        self, query: str, *, category: str | None = None, limit: int = 5, offset: int = 0
    ) -> SearchResponse:
        text = strip_control(query)[:MAX_QUERY_CHARS]
        if not text:
            return SearchResponse(text, None, (), (), 0, confidence="none")
        scope = None
        if category is not None:
            scope = self.resolve_category(category)
            if scope is None:
                return SearchResponse(text, None, (), category_suggestions(self.catalog, category), 0)
        units = self._parser.parse(text)
        outside = None if scope is None else self._doc_category != self._category_ids[scope]
        evidence = self._lexical.evidence(units, outside)
        similarity = self._similarity(text, outside)
        decision = (
            decide_lexical(evidence)
            if similarity is None
            else decide(evidence, similarity, words=len(text.split()))
        )
        return self._respond(text, scope, units, evidence, similarity, decision, _page(limit, offset))

    def _similarity(self, text: str, outside: np.ndarray | None) -> np.ndarray | None:
        similarity = self.meaning.similarities(text) if self.meaning is not None else None
        if similarity is None or similarity.shape != (len(self.catalog.articles),):
            return None
        if outside is not None:
            similarity = np.where(outside, -1.0, similarity).astype(np.float32)
        return similarity

    def _respond(
        self,
        text: str,
        scope: str | None,
        units: list[Unit],
        evidence: Evidence,
        similarity: np.ndarray | None,
        decision: Decision,
        page: tuple[int, int],
    ) -> SearchResponse:
        limit, offset = page
        corrections = self._corrections(units)
        hit = self._hitter(units, evidence.scores, similarity)
        if decision.tier == "answer":
            ranked = _answer_order(decision, evidence)
            shown = tuple(hit(doc, n < EXPLAINED) for n, doc in enumerate(ranked[offset : offset + limit]))
            suggestions: tuple[Suggestion, ...] = ()
            total = len(ranked)
        else:
            shown, total = (), 0
            leading = decision.tentative or tuple(int(d) for d in positive_leaders(evidence.scores, 3))
            suggestions = self._suggest(text, decision, leading, with_meaning=similarity is not None)
        tentative = tuple(hit(doc, True) for doc in decision.tentative)
        return SearchResponse(
            text,
            scope,
            shown,
            suggestions,
            total,
            confidence=decision.tier,
            tentative=tentative,
            corrections=corrections,
        )

    def _hitter(
        self, units: list[Unit], lexical: np.ndarray, similarity: np.ndarray | None
    ) -> Callable[[int, bool], Hit]:
        """Builds hits with their snippet and their "why"; the snippet weights are worked out once per query."""
        weights: dict[str, tuple[int, float]] = {}
        for unit in units:
            for term, weight in ((unit.term, unit.mass), *((extra, unit.mass / 2) for extra in unit.extras)):
                if term is None:
                    continue
                for word in self._words_of.get(term, ()):
                    weights.setdefault(word, (term, weight))

        def hit(doc: int, explained: bool = True) -> Hit:
            article = self.catalog.articles[doc]
            meaning = None if similarity is None else round(float(similarity[doc]), 3)
            why = explain(article, units, self._analyzer, self._parser.known, meaning) if explained else Why()
            score = round(float(lexical[doc]), 4)
            return Hit(article, score, best_snippet(self._passage(doc), weights), why)

        return hit

    def _passage(self, doc: int) -> Passages:
        starts = array("i")  # Python ints for offsets, as the snippet's marks are
        starts.frombytes(self._starts[int(self._start_at[doc]) : int(self._start_at[doc + 1])].tobytes())
        return Passages(self._texts[doc], starts)

    def _suggest(
        self, text: str, decision: Decision, leading: tuple[int, ...], *, with_meaning: bool
    ) -> tuple[Suggestion, ...]:
        """ "Might help" articles with their categories; for "nothing", no article at all once meaning can
        tell related from unrelated (without a model, the closest titles are the best we have)."""
        if decision.tier == "tentative" or not with_meaning:
            return suggestions_for(self.catalog, text, leading)
        return ()

    def _corrections(self, units: list[Unit]) -> tuple[tuple[str, str], ...]:
        """(typed, searched) for each repaired word, for "Showing results for ...": a typo repair, or a word
        that is no English word and only met the catalog through its stem (`kubernets`)."""
        found = []
        for unit in units:
            if unit.correction is not None:
                found.append((unit.word, unit.correction))
            elif unit.term is not None and unit.word not in self._index.surfaces and zipf(unit.word) == 0.0:
                spelled = min(
                    self._words_of.get(unit.term, [unit.word]), key=lambda w: OSA.distance(w, unit.word)
                )
                found.append((unit.word, spelled))
        return tuple(found)

    def _is_known_word(self, word: str) -> bool:
        """A word the catalog itself uses, as written: `load` is a search, not a misspelt `lead`; but
        `enginering` only shares a stem with `engineering`, so it may still be a misspelt category."""
        return word in self._index.surfaces


def _answer_order(decision: Decision, evidence: Evidence) -> list[int]:
    """The decided answers first, then the further word matches by score (paging through a search)."""
    rest = [
        int(d)
        for d in leaders_among(evidence.matches, evidence.scores, evidence.matches.size)
        if int(d) not in decision.answers
    ]
    return [*decision.answers, *rest]


def _listing_order(article: Article) -> tuple[int, int, str]:
    published = article.published.toordinal() if isinstance(article.published, dt.date) else 0
    return (0 if published else 1, -published, article.title.casefold())


def _page(limit: int, offset: int) -> tuple[int, int]:
    return max(0, min(int(limit), MAX_LIMIT)), max(0, int(offset))
