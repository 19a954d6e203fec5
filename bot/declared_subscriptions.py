"""`content/digests.yml` applied to the store: file-owned subscriptions follow the file, carefully.

A declarative source is sometimes wrong for a moment: an editor truncates the file before writing it, a checkout
removes it and puts it back, a save lands half-way. Adding is harmless, so additions apply at once. Removing
is not (a moment of empty file once unsubscribed 200 channels and cost them the week's digest), so a removal
applies only once the file has said the same thing on two reads at least `settle` apart by the clock; until
then the last good version stands. `poll()` is the second read: the scheduler's tick calls it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from bot.core.digest import Declared, parse_declared
from bot.store import Store

log = logging.getLogger("bot.subscriptions")

DECLARED_FILE = "digests.yml"
SETTLE = dt.timedelta(seconds=60)

Pair = tuple[str, str]  # (channel ID, category name)


class ResolverView(Protocol):
    @property
    def index(self) -> Any: ...  # has resolve_category(text) -> str | None


def declared_pairs(declared: Declared, resolve: Callable[[str], str | None]) -> tuple[set[Pair], list[str]]:
    """The (channel, category) pairs the file asks for, and a problem line for each entry it cannot use."""
    problems = list(declared.problems)
    wanted: set[Pair] = set()
    for typed, channel in sorted(declared.pairs):
        name = resolve(typed)
        if name is None:
            problems.append(f"{typed}: no such category")
            continue
        wanted.add((channel, name))
    return wanted, problems


def read_declared(path: Path) -> tuple[str, Declared] | None:
    """The file's text and what it declares (a missing file declares nothing); None when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("%s: cannot read it (%s); subscriptions unchanged", path, exc)
        return None
    return text, parse_declared(text)


class DeclaredSubscriptions:
    """A LiveCatalog subscriber (`__call__`) and a periodic check (`poll`) that keep file-owned subscriptions
    in step with `content/digests.yml`. Subscriptions made in Slack are never touched; a pair listed in both
    stays, owned by Slack. A file that is not valid YAML, or cannot be read, changes nothing."""

    def __init__(
        self,
        content_dir: Path,
        store: Store,
        *,
        clock: Callable[[], dt.datetime],
        settle: dt.timedelta = SETTLE,
        period_start: Callable[[], dt.datetime] | None = None,
    ) -> None:
        """`period_start` (the runner's current period) lets a subscription that comes back within the period
        keep its place in it."""
        self._path = content_dir / DECLARED_FILE
        self._store = store
        self._clock = clock
        self._settle = settle
        self._period_start = period_start
        self._view: ResolverView | None = None
        self._applied: tuple[str, int] | None = None
        self._reported: tuple[str, int] | None = None
        self._pending: tuple[frozenset[Pair], dt.datetime] | None = None
        self._lock = threading.Lock()  # the catalog watcher and the scheduler's tick both call in

    @property
    def path(self) -> Path:
        return self._path

    def __call__(self, snapshot: ResolverView) -> None:
        with self._lock:
            self._view = snapshot
            self._apply()

    def poll(self) -> None:
        """Read the file again; a removal that has settled is applied now. Never raises: the digest run that
        follows it on the scheduler's tick must not depend on it."""
        if self._view is None:
            return
        try:
            with self._lock:
                self._apply()
        except Exception:
            log.exception("%s: could not be applied; subscriptions unchanged", self._path)

    def _apply(self) -> None:
        assert self._view is not None
        read = read_declared(self._path)
        if read is None:
            return
        text, declared = read
        marker = (hashlib.sha256(text.encode()).hexdigest(), getattr(self._view, "version", id(self._view)))
        if marker == self._applied:
            return
        first_look, self._reported = marker != self._reported, marker
        if not declared.complete:
            if first_look:
                log.warning("%s: %s", self._path, "; ".join(declared.problems))
            return
        wanted, problems = declared_pairs(declared, self._view.index.resolve_category)
        for problem in problems if first_look else ():
            log.warning("%s: %s", self._path, problem)
        added = self._add(wanted)
        removed = self._remove_when_settled(wanted)
        if added or removed:
            log.info("%s applied: %d subscription(s) added, %d removed", self._path, added, removed)
        if self._pending is None:
            self._applied = marker

    def _add(self, wanted: set[Pair]) -> int:
        now, added = self._clock(), 0
        since = self._period_start() if self._period_start is not None else None
        for channel, name in sorted(wanted):
            existing = self._store.subscription(channel, name)
            if existing is None or not existing.active:
                self._store.add_subscription(
                    channel, name, added_by=None, now=now, source="file", keep_place_since=since
                )
                added += 1
        return added

    def _remove_when_settled(self, wanted: set[Pair]) -> int:
        gone = frozenset(
            (s.channel_id, s.category)
            for s in self._store.subscriptions()
            if s.source == "file" and (s.channel_id, s.category) not in wanted
        )
        now = self._clock()
        if not gone:
            self._pending = None
            return 0
        if self._pending is None or self._pending[0] != gone:
            self._pending = (gone, now)
            log.info(
                "%s no longer lists %d subscription(s); removing them once the file has stayed so for %ds",
                self._path,
                len(gone),
                self._settle.total_seconds(),
            )
            return 0
        if now - self._pending[1] < self._settle:
            return 0
        for channel, name in sorted(gone):
            self._store.remove_subscription(channel, name, now=now)
        self._pending = None
        return len(gone)


def not_yet_applied(content_dir: Path, store: Store, resolve: Callable[[str], str | None]) -> list[Pair]:
    """What `digests.yml` declares that the store does not hold yet: a bot applies it when it starts, so a
    listing before that must still show it."""
    read = read_declared(content_dir / DECLARED_FILE)
    if read is None or not read[1].complete:
        return []
    wanted, _ = declared_pairs(read[1], resolve)
    waiting = []
    for channel, name in sorted(wanted):
        existing = store.subscription(channel, name)
        if existing is None or not existing.active:
            waiting.append((channel, name))
    return waiting
