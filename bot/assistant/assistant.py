"""`Assistant`: what the bot says to each request, worked out from one catalog snapshot, search and the store.

Every surface (Slack over HTTP or Socket Mode, the local shell, the CLI) calls one method here per request and
sends what it returns; nothing here knows Slack. Each entry point reads the live catalog once, so a reload in
the middle of a request can never pair one catalog's index with another's articles.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.analytics.recorder import Asked
from bot.assistant.experts import ExpertReply, ask_expert
from bot.assistant.links import ArticleLinks
from bot.assistant.newest import NewestFirst
from bot.assistant.pages import Pages, find
from bot.assistant.ports import (
    AssistantStore,
    CatalogSource,
    Recording,
    ReportHandler,
    SubscriptionsHandler,
)
from bot.clock import utc_now
from bot.core import intents
from bot.core.blocks import actions, answers, home, notices, reader, results, votes
from bot.core.blocks import help as help_blocks
from bot.core.search import QueryError, SearchResponse, clean_query

if TYPE_CHECKING:
    from bot.analytics.recorder import EventKind, Surface
    from bot.live_catalog import Snapshot

log = logging.getLogger(__name__)

Message = dict[str, Any]
PAGE_SIZE = 5


class Assistant:
    """One per process; every method returns a Block Kit message or view and never raises on user input."""

    def __init__(
        self,
        catalog: CatalogSource,
        store: AssistantStore,
        *,
        subscriptions: SubscriptionsHandler | None = None,
        newest: NewestFirst | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        page_size: int = PAGE_SIZE,
        links: ArticleLinks | None = None,
        recorder: Recording | None = None,
        reports: ReportHandler | None = None,
        on_answer: Callable[[str], None] | None = None,
        admins: tuple[str, ...] = (),
    ) -> None:
        self._catalog = catalog
        self._store = store
        self._subscriptions = subscriptions
        self._newest = newest or NewestFirst()
        self._clock = clock
        self._page_size = page_size
        self._links = links or ArticleLinks(None, Path("."))
        self._pages = Pages(self._newest, self._links, clock)
        self._admins = admins  # owners: tagged by Ask an expert when a category has no owners
        self._recorder = recorder
        self._reports = reports
        self._on_answer = on_answer

    @property
    def newest(self) -> NewestFirst:
        """The newest-first order the catalog subscriber keeps current (`NewestFirst.note`)."""
        return self._newest

    # -- /insights -------------------------------------------------------------------------------------------
    def command(self, text: str, *, user_id: str, channel_id: str) -> Message:
        snapshot = self._catalog.current
        intent = intents.parse_command(text, snapshot.index.resolve_category)
        match intent:
            case intents.Search(query=query):
                return self._search(snapshot, query, 0, asker=(user_id, "slash"))
            case (
                intents.Subscribe()
                | intents.Unsubscribe()
                | intents.Subscriptions()
                | intents.DigestPreview()
            ):
                return self._subscription(intent, user_id=user_id, channel_id=channel_id)
            case intents.Report():
                if self._reports is None:
                    return notices.trouble("Reports are not available on this bot.")
                return self._reports.handle(user_id)
            case intents.CategoryListing(category=category):  # analytics: a listing is an answered question
                self._record(Asked("slash", text, "answer", category, None, None), user_id)
                return self._common(snapshot, intent)
            case _:
                return self._common(snapshot, intent)

    def _common(self, snapshot: Snapshot, intent: intents.Intent | intents.MessageIntent) -> Message:
        """The intents that read the same in `/insights` and in a DM."""
        match intent:
            case intents.Help(unknown=unknown):
                return help_blocks.help_message(self._pages.counts(snapshot), unknown=unknown)
            case intents.Categories():
                return help_blocks.categories_message(self._pages.counts(snapshot))
            case intents.Latest(category=category):
                return self._pages.latest(snapshot, category, 0)
            case intents.CategoryListing(category=category):
                return self._pages.listing(snapshot, category, 0)
            case intents.Usage(message=message):
                return notices.hint(message)
        return notices.trouble()

    def find(
        self, text: str, *, category: str | None = None, limit: int = 5, offset: int = 0
    ) -> SearchResponse:
        """What `/insights TEXT` finds, as data (for the CLI and the eval)."""
        return find(self._catalog.current.index, text, category=category, limit=limit, offset=offset)

    # -- buttons ----------------------------------------------------------------------------------------------
    def page(self, state: actions.ButtonState) -> Message:
        """The page a *More results* or *Previous* button points at, to replace the message it was in."""
        snapshot = self._catalog.current
        if state.kind == actions.KIND_LATEST:
            return self._pages.latest(snapshot, state.category, state.offset)
        if state.kind == actions.KIND_CATEGORY and state.category:
            return self._pages.listing(snapshot, state.category, state.offset)
        return self._search(snapshot, state.query, state.offset)

    def share(self, slug: str, user_id: str) -> Message:
        """The in-channel card for a shared article, or a notice when it has left the catalog since."""
        catalog = self._catalog.current.catalog
        article = catalog.by_slug(slug)
        if article is None:
            return notices.trouble("That article is no longer in the catalog.")
        return results.shared_message(article, user_id, catalog=catalog)

    def read(self, slug: str, page: int = 0) -> Message | None:
        """The reader modal for a page of the article; None when it has left the catalog since."""
        catalog = self._catalog.current.catalog
        article = catalog.by_slug(slug)
        if article is None:
            return None
        return reader.reader_view(article, page, catalog=catalog, url=self._links.url(article))

    def feedback(
        self,
        state: actions.ButtonState,
        user_id: str,
        *,
        helpful: bool,
        message_key: str | None = None,
        blocks: list[dict[str, Any]] | None = None,
    ) -> Message:
        """One vote per person, message and article (a second click changes it); with the clicked message's
        `blocks`, the reply replaces them with the chosen button marked, else it is a thank-you note."""
        if not state.slug:
            return notices.trouble("That button has expired; ask again.")
        try:
            if self._recorder is not None and message_key:
                self._recorder.vote(
                    user_id=user_id,
                    message_key=message_key,
                    slug=state.slug,
                    query=state.query,
                    helpful=helpful,
                    now=self._clock(),
                )
            else:
                self._store.record_feedback(
                    slug=state.slug, query=state.query, user_id=user_id, helpful=helpful, now=self._clock()
                )
        except Exception:
            log.exception("recording feedback failed")
            return notices.trouble("I couldn't record that; please try again.")
        if blocks:
            return votes.marked_message(blocks, state.slug, helpful=helpful)
        return answers.feedback_thanks(helpful)

    def noted(self, slug: str, kind: EventKind, user_id: str | None) -> None:
        """An article opened in the reader or shared, for the article report; never fails the click."""
        if self._recorder is not None and slug:
            self._recorder.article(slug, kind, user_id=user_id, now=self._clock())

    # -- Ask an expert (owners) --------------------------------------------------------------------------------
    def ask_expert(self, state: actions.ButtonState, *, user_id: str | None, key: str) -> ExpertReply:
        """The message tagging the owners of the question's category, once per question (`experts.py`)."""
        return ask_expert(
            self._store, self._catalog.current.catalog, self._admins, state, user_id, key, self._clock()
        )

    # -- mentions and DMs -------------------------------------------------------------------------------------
    def message(self, text: str, *, user_id: str | None, channel_id: str | None, direct: bool) -> Message:
        """A mention (answered in a thread) or a DM; `text` is the raw Slack text, mentions included."""
        snapshot = self._catalog.current
        intent = intents.parse_message(text, snapshot.index.resolve_category, direct=direct)
        surface: Surface = "dm" if direct else "mention"
        match intent:
            case intents.Question(text=question):
                return self._answer(
                    snapshot, question, user_id=user_id, channel_id=channel_id, surface=surface
                )
            case intents.SmallTalk():
                return help_blocks.small_talk()
            case intents.ChannelOnly(keyword=keyword):
                return help_blocks.channel_only(keyword)
            case intents.Help():
                return help_blocks.mention_help()
            case _:
                return self._common(snapshot, intent)

    def _answer(
        self,
        snapshot: Snapshot,
        question: str,
        *,
        user_id: str | None,
        channel_id: str | None,
        surface: Surface = "mention",
    ) -> Message:
        try:
            cleaned = clean_query(question)
        except QueryError as exc:
            return notices.hint(str(exc))
        response = snapshot.index.search(cleaned, limit=answers.MAX_ANSWERS)
        if self._on_answer is not None:
            self._on_answer(response.confidence)
        if response.confidence != "answer":
            self._note_unanswered(cleaned, user_id=user_id, channel_id=channel_id)
        shown = (*response.results, *response.tentative)
        self._record(Asked.of(surface, cleaned, response, shown), user_id)
        links = self._links.of(hit.article for hit in shown)
        today = self._clock().date()  # stale articles are marked "review overdue"
        return answers.reply_for(cleaned, response, catalog=snapshot.catalog, links=links, today=today)

    def _note_unanswered(self, question: str, *, user_id: str | None, channel_id: str | None) -> None:
        try:
            self._store.record_unanswered(
                query=question, user_id=user_id, channel_id=channel_id, now=self._clock()
            )
        except Exception:
            log.exception("could not record an unanswered question")

    # -- App Home ---------------------------------------------------------------------------------------------
    def home(self) -> Message:
        snapshot = self._catalog.current
        newest = self._newest.of(snapshot)
        return home.home_view(self._pages.counts(snapshot), newest, catalog=snapshot.catalog)

    # -- pages ------------------------------------------------------------------------------------------------
    def _search(
        self, snapshot: Snapshot, query: str, offset: int, *, asker: tuple[str, Surface] | None = None
    ) -> Message:
        try:
            cleaned = clean_query(query)
        except QueryError as exc:
            return notices.hint(str(exc))
        size = self._page_size
        response = snapshot.index.search(cleaned, limit=size, offset=offset)
        if asker is not None:
            self._record(Asked.of(asker[1], cleaned, response, response.results), asker[0])
        if not response.results:
            if offset == 0:
                return results.no_results_message(cleaned, response.suggestions)
            return notices.hint("No more results.")
        state = actions.ButtonState(actions.KIND_SEARCH, cleaned, None, offset)
        items = tuple((hit.article, hit.snippet) for hit in response.results)
        return self._pages.page(snapshot, f"Results for “{cleaned}”", items, response.total, state, size)

    # -- analytics: the recorder only queues, so recording never fails or delays an answer ------------------------
    def _record(self, asked: Asked, user_id: str | None) -> None:
        if self._recorder is None:
            return
        try:
            self._recorder.question(asked, user_id=user_id, now=self._clock())
        except Exception:
            log.exception("could not record a question")

    def _subscription(self, intent: intents.Intent, *, user_id: str, channel_id: str) -> Message:
        if self._subscriptions is None:
            return notices.trouble("Digest subscriptions are not available on this bot yet.")
        return self._subscriptions.handle(intent, user_id=user_id, channel_id=channel_id)
