"""Full-text search over the catalog: BM25F with stemming, typo repair, category names and no-answer."""

from bot.core.search.engine import SearchIndex
from bot.core.search.types import (
    MAX_QUERY_CHARS,
    Hit,
    SearchResponse,
    Snippet,
    Suggestion,
    Why,
    clean_query,
)
from bot.errors import QueryError

__all__ = [
    "MAX_QUERY_CHARS",
    "Hit",
    "QueryError",
    "SearchIndex",
    "SearchResponse",
    "Snippet",
    "Suggestion",
    "Why",
    "clean_query",
]
