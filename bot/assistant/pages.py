"""Result pages: a category's listing, the newest articles, a page of search results, category counts.

Worked out from the snapshot a request took, with *Previous* / *More results* carrying the neighbouring
offsets in their buttons, so paging needs no server-side state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.assistant.links import ArticleLinks
from bot.assistant.newest import NewestFirst
from bot.core import intents
from bot.core.blocks import actions, notices, results
from bot.core.catalog.model import Article, Category
from bot.core.search import SearchIndex, SearchResponse

if TYPE_CHECKING:
    from bot.live_catalog import Snapshot

Message = dict[str, Any]
LISTING_PAGE = 10
LATEST_PAGE = 10


class Pages:
    def __init__(self, newest: NewestFirst, links: ArticleLinks, clock: Callable[[], dt.datetime]) -> None:
        self.newest = newest
        self.links = links
        self.clock = clock
        self._counts_cache: tuple[int, list[tuple[Category, int]]] | None = None

    def listing(self, snapshot: Snapshot, category: str, offset: int) -> Message:
        response = snapshot.index.listing(category, limit=LISTING_PAGE, offset=offset)
        if not response.results:
            return notices.hint(f"No articles in {category} yet." if offset == 0 else "No more articles.")
        state = actions.ButtonState(actions.KIND_CATEGORY, "", category, offset)
        items = tuple((hit.article, hit.snippet) for hit in response.results)
        return self.page(snapshot, category, items, response.total, state, LISTING_PAGE)

    def latest(self, snapshot: Snapshot, category: str | None, offset: int) -> Message:
        ordered: list[Article] = self.newest.of(snapshot)
        if category is not None:
            ordered = [article for article in ordered if article.category == category]
        shown = ordered[offset : offset + LATEST_PAGE]
        if not shown:
            return notices.hint("No articles yet." if offset == 0 else "No more articles.")
        title = f"Latest in {category}" if category else "Latest articles"
        if self.newest.by_title(snapshot):
            title += " (by title: no article has a published or commit date)"
        state = actions.ButtonState(actions.KIND_LATEST, "", category, offset)
        items = tuple((article, None) for article in shown)
        return self.page(snapshot, title, items, len(ordered), state, LATEST_PAGE)

    def page(
        self,
        snapshot: Snapshot,
        title: str,
        items: tuple[tuple[Article, Any], ...],
        total: int,
        state: actions.ButtonState,
        size: int,
    ) -> Message:
        """One page with *Previous* / *More results* buttons carrying the neighbouring offsets."""
        offset = state.offset
        more = _at(state, offset + size) if offset + len(items) < total else None
        previous = _at(state, max(0, offset - size)) if offset > 0 else None
        page = results.Page(title, items, total, offset, more, previous)
        links = self.links.of(article for article, _ in items)
        query = state.query or state.category or ""
        return results.page_message(
            page, query=query, catalog=snapshot.catalog, links=links, today=self.clock().date()
        )

    def counts(self, snapshot: Snapshot) -> list[tuple[Category, int]]:
        cached = self._counts_cache
        if cached is not None and cached[0] == snapshot.version:
            return cached[1]
        known = {category.name: category for category in snapshot.catalog.categories}
        counts = snapshot.catalog.counts()
        result = [(known.get(name) or Category(name=name), count) for name, count in counts.items()]
        self._counts_cache = (snapshot.version, result)
        return result


def find(
    index: SearchIndex, text: str, *, category: str | None = None, limit: int = 5, offset: int = 0
) -> SearchResponse:
    """A category's listing when the text names one (the grammar's one decision), else a search, scoped to
    `category` (already resolved) when given."""
    if category is None:
        found = intents.search_or_listing(text, index.resolve_category)
        if isinstance(found, intents.CategoryListing):
            return index.listing(found.category, limit=limit, offset=offset)
    return index.search(text, category=category, limit=limit, offset=offset)


def _at(state: actions.ButtonState, offset: int) -> actions.ButtonState:
    return actions.ButtonState(state.kind, state.query, state.category, offset)
