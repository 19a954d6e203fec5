"""What the bot says to each kind of request, worked out from the live catalog, search and the store.

Listeners stay thin (read the payload, call one method here, send the result) so the same answers come out of
HTTP mode, Socket Mode and the local shell, and this module can be tested without a Slack request in sight.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.core import intents
from bot.core.blocks import actions, answers, errors, home, results
from bot.core.blocks import help as help_blocks
from bot.core.catalog.model import Article, Category
from bot.core.search import QueryError, SearchResponse, clean_query

if TYPE_CHECKING:
    from bot.slack.app import SlackDeps

log = logging.getLogger(__name__)

LISTING_PAGE = 10
LATEST_PAGE = 10


def newest_first(articles: Sequence[Article], first_seen: dict[str, dt.datetime]) -> list[Article]:
    """Order by `published`, else by when the bot first saw the article; undated and unseen go last."""
    floor = dt.datetime.min.replace(tzinfo=dt.UTC)

    def when(article: Article) -> dt.datetime:
        if article.published_at is not None:
            return article.published_at
        seen = first_seen.get(article.slug)
        if seen is None:
            return floor
        return seen if seen.tzinfo is not None else seen.replace(tzinfo=dt.UTC)

    return sorted(articles, key=lambda article: (when(article), article.title), reverse=True)


class Replies:
    """One instance per app; every method returns a Block Kit message or view dict and never raises on input."""

    def __init__(self, deps: SlackDeps) -> None:
        self._deps = deps
        self._newest_cache: tuple[int, list[Article]] | None = None
        self._counts_cache: tuple[int, list[tuple[Category, int]]] | None = None

    # -- /insights ---------------------------------------------------------------------------------------------
    def command(self, text: str, *, user_id: str, channel_id: str) -> dict[str, Any]:
        snapshot = self._deps.live_catalog.current
        intent = intents.parse_command(text, snapshot.index.resolve_category)
        match intent:
            case intents.Help(unknown=unknown):
                return help_blocks.help_message(self._counts(), unknown=unknown)
            case intents.Categories():
                return help_blocks.categories_message(self._counts())
            case intents.Latest():
                return self.latest()
            case intents.CategoryListing(category=category):
                return self.listing(category)
            case intents.Search(query=query):
                return self.search(query)
            case intents.Usage(message=message):
                return errors.usage_message(message)
            case _:
                return self._subscriptions(intent, user_id=user_id, channel_id=channel_id)

    def search(self, query: str, offset: int = 0) -> dict[str, Any]:
        try:
            cleaned = clean_query(query)
        except QueryError as exc:
            return errors.usage_message(str(exc))
        snapshot = self._deps.live_catalog.current
        size = self._deps.page_size
        response = snapshot.index.search(cleaned, limit=size, offset=offset)
        if not response.results:
            if offset == 0:
                return results.no_results_message(cleaned, response.suggestions)
            return errors.usage_message("No more results.")
        title = response.category or f"Results for “{cleaned}”"
        more = actions.ButtonState(actions.KIND_SEARCH, cleaned, None, offset + size)
        return self._page(title, response, offset, more, query=cleaned)

    def listing(self, category: str, offset: int = 0) -> dict[str, Any]:
        snapshot = self._deps.live_catalog.current
        response = snapshot.index.listing(category, limit=LISTING_PAGE, offset=offset)
        if not response.results:
            return errors.usage_message(f"No articles in {category} yet.")
        more = actions.ButtonState(actions.KIND_CATEGORY, "", category, offset + LISTING_PAGE)
        return self._page(category, response, offset, more, query=category)

    def latest(self, offset: int = 0) -> dict[str, Any]:
        catalog = self._deps.live_catalog.current.catalog
        ordered = self._newest()
        shown = ordered[offset : offset + LATEST_PAGE]
        if not shown:
            return errors.usage_message("No articles yet." if offset == 0 else "No more articles.")
        more = None
        if offset + LATEST_PAGE < len(ordered):
            more = actions.ButtonState(actions.KIND_LATEST, "", None, offset + LATEST_PAGE)
        page = results.Page("Latest articles", tuple((a, None) for a in shown), len(ordered), offset, more)
        return results.page_message(page, catalog=catalog)

    def more(self, state: actions.ButtonState) -> dict[str, Any]:
        """The page a *More results* button points at, to replace the message it was clicked in."""
        if state.kind == actions.KIND_LATEST:
            return self.latest(state.offset)
        if state.kind == actions.KIND_CATEGORY and state.category:
            return self.listing(state.category, state.offset)
        return self.search(state.query, state.offset)

    def share(self, slug: str, user_id: str) -> dict[str, Any] | None:
        """The in-channel card for a shared article, or None when it has left the catalog since."""
        catalog = self._deps.live_catalog.current.catalog
        article = catalog.by_slug(slug)
        return None if article is None else results.shared_message(article, user_id, catalog=catalog)

    # -- mentions and DMs ------------------------------------------------------------------------------------
    def answer(self, question: str, *, user_id: str | None, channel_id: str | None) -> dict[str, Any]:
        if not question:
            return help_blocks.mention_help()
        try:
            cleaned = clean_query(question)
        except QueryError as exc:
            return errors.usage_message(str(exc))
        snapshot = self._deps.live_catalog.current
        response = snapshot.index.search(cleaned, limit=answers.MAX_ANSWERS)
        if response.results:
            return answers.answer_message(cleaned, response.results, catalog=snapshot.catalog)
        try:
            self._deps.store.record_unanswered(
                query=cleaned, user_id=user_id, channel_id=channel_id, now=self._deps.clock()
            )
        except Exception:
            log.exception("could not record an unanswered question")
        return answers.no_answer_message(cleaned, response.suggestions)

    # -- App Home ----------------------------------------------------------------------------------------------
    def home(self) -> dict[str, Any]:
        catalog = self._deps.live_catalog.current.catalog
        return home.home_view(self._counts(), self._newest(), catalog=catalog)

    # -- helpers -----------------------------------------------------------------------------------------------
    def _page(
        self,
        title: str,
        response: SearchResponse,
        offset: int,
        more: actions.ButtonState,
        *,
        query: str,
    ) -> dict[str, Any]:
        items = tuple((hit.article, hit.snippet) for hit in response.results)
        has_more = offset + len(items) < response.total
        page = results.Page(title, items, response.total, offset, more if has_more else None)
        return results.page_message(page, query=query, catalog=self._deps.live_catalog.current.catalog)

    def _newest(self) -> list[Article]:
        """Newest first, worked out once per catalog version (first-seen times only change with the catalog).

        Without the database, undated articles keep catalog order at the end, and the result is not cached.
        """
        snapshot = self._deps.live_catalog.current
        cached = self._newest_cache
        if cached is not None and cached[0] == snapshot.version:
            return cached[1]
        try:
            seen = self._deps.store.mark_seen(
                (article.slug for article in snapshot.catalog.articles), self._deps.clock()
            )
        except Exception:
            log.exception("could not read first-seen times")
            return newest_first(snapshot.catalog.articles, {})
        ordered = newest_first(snapshot.catalog.articles, seen)
        self._newest_cache = (snapshot.version, ordered)
        return ordered

    def _counts(self) -> list[tuple[Category, int]]:
        snapshot = self._deps.live_catalog.current
        cached = self._counts_cache
        if cached is not None and cached[0] == snapshot.version:
            return cached[1]
        counts = snapshot.catalog.counts()
        known = {category.name: category for category in snapshot.catalog.categories}
        result = [(known.get(name) or Category(name=name), count) for name, count in counts.items()]
        self._counts_cache = (snapshot.version, result)
        return result

    def _subscriptions(self, intent: intents.Intent, *, user_id: str, channel_id: str) -> dict[str, Any]:
        service = self._deps.subscriptions
        if service is None:
            return errors.error_message("Digest subscriptions are not available on this bot yet.")
        return service.handle(intent, user_id=user_id, channel_id=channel_id)
