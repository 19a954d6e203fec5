"""Near misses for a query nothing answered: the closest titles, then the categories they sit in.

Partial matches from the ranking come first (they share words with the query); a fuzzy comparison of the
whole query with titles catches misspelt titles on catalogs small enough to scan within a query's budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process, utils

from bot.core.search.types import Suggestion

if TYPE_CHECKING:
    from bot.core.catalog import Catalog

MAX_SUGGESTIONS = 3
MIN_TITLE_SIMILARITY = 70
MAX_SCANNED_TITLES = 2_000


def suggestions_for(catalog: Catalog, text: str, partial: Sequence[int]) -> tuple[Suggestion, ...]:
    articles = catalog.articles
    chosen: list[int] = [int(doc) for doc in partial]
    if text and len(articles) <= MAX_SCANNED_TITLES:
        titles = [article.title for article in articles]
        for _, _, doc in process.extract(
            text,
            titles,
            scorer=fuzz.token_set_ratio,
            processor=utils.default_process,
            score_cutoff=MIN_TITLE_SIMILARITY,
            limit=MAX_SUGGESTIONS,
        ):
            if doc not in chosen:
                chosen.append(doc)
    suggestions = [
        Suggestion("article", articles[doc].title, articles[doc].slug) for doc in chosen[:MAX_SUGGESTIONS]
    ]
    categories: list[str] = []
    for doc in chosen[:MAX_SUGGESTIONS]:
        if articles[doc].category not in categories:
            categories.append(articles[doc].category)
    suggestions.extend(Suggestion("category", name, None) for name in categories[:2])
    return tuple(suggestions)


def category_suggestions(catalog: Catalog, text: str) -> tuple[Suggestion, ...]:
    """For a category name nothing resolves: the categories spelled most like it (all, if few)."""
    names = sorted({c.name for c in catalog.categories} | {a.category for a in catalog.articles})
    if len(names) > MAX_SUGGESTIONS:
        found = process.extract(text, names, scorer=fuzz.WRatio, processor=utils.default_process, limit=None)
        names = [name for name, _, _ in sorted(found, key=lambda item: (-item[1], item[0]))][:MAX_SUGGESTIONS]
    return tuple(Suggestion("category", name, None) for name in names)
