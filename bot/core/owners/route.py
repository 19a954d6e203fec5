"""Which category a question most likely belongs to, so its owners are the ones told about it."""

from __future__ import annotations

from bot.core.search.types import SearchResponse


def likely_category(response: SearchResponse) -> str | None:
    """The category the search named, else that of the closest article (answer, then "might help"), else a
    suggested category; None when nothing points anywhere."""
    if response.category:
        return response.category
    for hits in (response.results, response.tentative):
        if hits:
            return hits[0].article.category
    return next((s.name for s in response.suggestions if s.kind == "category"), None)
