"""`Recorder`: questions and article events queued in memory and written in batches by one background thread.

Answering a question only appends to a queue (microseconds), so a slow or locked database never delays a reply;
`close()` drains the queue before returning, so stopping the bot loses no recorded row. Votes are the exception:
they are written at once, because the clicked button shows the recorded choice.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from bot.analytics.privacy import MAX_TEXT, UserKeys, normalise
from bot.core.search.types import Hit, SearchResponse

log = logging.getLogger(__name__)

Surface = Literal["slash", "mention", "dm", "home", "shell"]
Tier = Literal["answer", "tentative", "none"]
EventKind = Literal["shown", "opened", "shared"]
BATCH = 500


class AnalyticsSink(Protocol):
    """The store's writes the recorder needs (`bot.store.Store`)."""

    def insert_analytics(
        self, questions: Sequence[dict[str, Any]], events: Sequence[dict[str, Any]]
    ) -> None: ...

    def record_vote(
        self, *, user_key: str, message_key: str, slug: str, query: str, helpful: bool, now: dt.datetime
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class Asked:
    """One question as answered: `top_slug`/`top_score` is the first article shown, in either tier."""

    surface: Surface
    text: str
    tier: Tier
    category: str | None
    top_slug: str | None
    top_score: float | None
    shown: tuple[str, ...] = ()

    @classmethod
    def of(cls, surface: Surface, text: str, response: SearchResponse, shown: Sequence[Hit]) -> Asked:
        """The record of an answer; the category is the search's scope, else the top article's."""
        top = shown[0] if shown else None
        return cls(
            surface=surface,
            text=text,
            tier=response.confidence,
            category=response.category or (top.article.category if top else None),
            top_slug=top.article.slug if top else None,
            top_score=round(float(top.score), 4) if top else None,
            shown=tuple(hit.article.slug for hit in shown),
        )


class Recorder:
    def __init__(self, sink: AnalyticsSink, users: UserKeys, *, batch: int = BATCH) -> None:
        self._sink = sink
        self._users = users
        self._batch = batch
        self._queue: queue.Queue[tuple[str, dict[str, Any]] | None] = queue.Queue()
        self._closed = False
        self._thread = threading.Thread(target=self._drain, name="analytics-writer", daemon=True)
        self._thread.start()

    def question(self, asked: Asked, *, user_id: str | None, now: dt.datetime) -> None:
        user = self._users.key(user_id)
        text = asked.text.strip()[:MAX_TEXT]
        row = {
            "asked_at": now,
            "surface": asked.surface,
            "text": text,
            "norm": normalise(text),
            "category": asked.category,
            "tier": asked.tier,
            "top_slug": asked.top_slug,
            "top_score": asked.top_score,
            "user_key": user,
        }
        self._put("question", row)
        for slug in asked.shown:
            self._put("event", {"at": now, "slug": slug, "kind": "shown", "user_key": user})

    def article(self, slug: str, kind: EventKind, *, user_id: str | None, now: dt.datetime) -> None:
        self._put(
            "event", {"at": now, "slug": slug[:200], "kind": kind, "user_key": self._users.key(user_id)}
        )

    def vote(
        self, *, user_id: str, message_key: str, slug: str, query: str, helpful: bool, now: dt.datetime
    ) -> None:
        """Written at once (the caller shows the choice); one row per (user, message, article), last click wins."""
        self._sink.record_vote(
            user_key=self._users.key(user_id) or "",
            message_key=message_key[:100],
            slug=slug[:200],
            query=query[:MAX_TEXT],
            helpful=helpful,
            now=now,
        )

    def flush(self) -> None:
        """Blocks until everything queued so far is written (tests, and reports run in the same process)."""
        self._queue.join()

    def close(self) -> None:
        """Write what is queued, then stop the writer; later records are written synchronously."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(None)
        self._thread.join()

    def _put(self, kind: str, row: dict[str, Any]) -> None:
        if self._closed:
            self._write([(kind, row)])
            return
        self._queue.put((kind, row))

    def _drain(self) -> None:
        while True:
            first = self._queue.get()
            items = [first]
            while len(items) < self._batch:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            rows = [item for item in items if item is not None]
            if rows:
                self._write(rows)
            for _ in items:
                self._queue.task_done()
            if None in items:
                return

    def _write(self, items: Sequence[tuple[str, dict[str, Any]]]) -> None:
        questions = [row for kind, row in items if kind == "question"]
        events = [row for kind, row in items if kind == "event"]
        try:
            self._sink.insert_analytics(questions, events)
        except Exception:
            log.exception("could not record %d questions and %d article events", len(questions), len(events))
