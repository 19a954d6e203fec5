"""Why an article came up for a query: which query words each field of the article matched.

Worked out only for the few hits shown, by re-reading those articles' fields with the query's terms, so the
index itself stays a plain BM25F index with no per-field postings.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.core.catalog import Article
from bot.core.search.analysis import Analyzer
from bot.core.search.query import Unit
from bot.core.search.types import Why

BODY_CHARS = 2_000
"""How much of the body is read for an explanation: the opening, where an answer's words usually are."""


def explain(
    article: Article,
    units: list[Unit],
    analyzer: Analyzer,
    known: Callable[[str], int | None],
    similarity: float | None,
) -> Why:
    """The article's own words that met the query, each under the first field it appears in (title, tags,
    summary, body); `known` maps a word to its term, as the query parser does."""
    fields = (
        ("title", article.title),
        ("tags", " ".join((*article.tags, *article.questions))),
        ("summary", article.summary),
        ("body", article.body[:BODY_CHARS] if article.body != article.summary else ""),
    )
    wanted = set().union(*(_unit_terms(unit) for unit in units)) if units else set()
    matched, seen = [], set()
    for name, text in fields:
        words = []
        for word in analyzer.surfaces(text):
            term = known(word)
            if term in wanted and term not in seen:
                seen.add(term)
                words.append(word)
        if words:
            matched.append((name, tuple(words)))
    return Why(tuple(matched), similarity)


def _unit_terms(unit: Unit) -> set[int]:
    terms = set(unit.related) | set(unit.extras)
    if unit.term is not None:
        terms.add(unit.term)
    return terms
