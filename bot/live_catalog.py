"""The running process's catalog: loaded once, re-read when `content/` changes, swapped whole.

Readers take `current` (one attribute read) and get a `Snapshot` whose catalog and index always belong together;
a reload builds the next snapshot aside and publishes it with a single assignment, so no query ever sees half a
catalog. Other YAML files at the top of the folder (`digests.yml`) are watched too, so subscribers that read
them hear of their changes. Change detection polls file stats, which works on every filesystem (bind mounts,
NFS, containers), and re-reads any file modified too recently for its timestamp to be trusted (git's "racy
clean" rule).

A folder caught mid-change never takes away what it served: a missing folder keeps the last catalog, and a
listing that would remove many files at once (an `rm -rf`, a checkout in progress, an emptied mount) is applied
only once the folder has listed the same files on two consecutive checks. A file that vanishes between the
listing and the read keeps its last good version.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from bot.clock import utc_now
from bot.content_files import FileState, read_state
from bot.core.catalog import (
    CATEGORIES_FILE,
    Article,
    Catalog,
    CategoriesFile,
    ParsedArticle,
    Problem,
    article_files,
    assemble,
)
from bot.core.search import SearchIndex
from bot.core.search.engine import Meaning

log = logging.getLogger(__name__)

QUIET_REMOVALS = 2
"""Removing at most this many files (or a tenth of the folder, if more) applies at once; more waits a check."""

Subscriber = Callable[["Snapshot"], None]
MeaningFor = Callable[[Catalog], Meaning | None]
"""Builds the semantic signal for a catalog version (None: words only); the vector cache keeps it cheap."""
IndexFor = Callable[[Catalog, Meaning | None], SearchIndex]
"""Builds a catalog version's search index: `SearchIndex.build`, or one that reads a snapshot of an unchanged
catalog (`bot.search_snapshot`)."""


def _reasons(problems: Iterable[Problem]) -> str:
    """One file's problems on one log line; the path is said once, before them."""
    return "; ".join(f"line {problem.line}: {problem.message}" for problem in problems)


@dataclass(frozen=True)
class Snapshot:
    catalog: Catalog
    index: SearchIndex
    loaded_at: dt.datetime
    version: int


class LiveCatalog:
    """The catalog of `content_dir`, kept current by `reload()`, `check_once()` or the `start()` watcher."""

    def __init__(
        self,
        content_dir: Path,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        meaning: MeaningFor | None = None,
        index: IndexFor = SearchIndex.build,
    ) -> None:
        self.content_dir = content_dir
        self._meaning = meaning
        self._index = index
        self._clock = clock
        self._lock = threading.RLock()
        self._files: dict[str, FileState] = {}
        self._last_good: dict[str, Article] = {}
        self._subscribers: list[Subscriber] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._version = 0
        self._pending: frozenset[str] | None = None
        self._config_path = os.path.join(content_dir, CATEGORIES_FILE)
        self._current = self._build(self._refresh()[0])

    @property
    def current(self) -> Snapshot:
        return self._current

    def subscribe(self, callback: Subscriber) -> None:
        """Call `callback(snapshot)` after every swap; read `current` yourself for the state before the first."""
        with self._lock:
            self._subscribers.append(callback)

    def reload(self) -> Snapshot:
        """Re-read what changed and swap in a new snapshot, even if nothing did."""
        with self._lock:
            files, _changed = self._refresh()
            self._publish(self._build(files))
            return self._current

    def check_once(self) -> Snapshot | None:
        """One watcher step: swap and return the new snapshot if any file changed, else None."""
        with self._lock:
            files, changed = self._refresh()
            if not changed:
                return None
            self._publish(self._build(files))
            return self._current

    def start(self, poll_seconds: float) -> None:
        """Watch in a daemon thread; calling it again while running does nothing."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._watch, args=(poll_seconds,), name="live-catalog", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=10)
        self._thread = None

    def _watch(self, poll_seconds: float) -> None:
        while not self._stop.wait(poll_seconds):
            try:
                self.check_once()
            except Exception:
                log.exception("checking %s for changes failed; will try again", self.content_dir)

    def _refresh(self) -> tuple[dict[str, FileState], bool]:
        """Stat every file, re-read only the ones that may have changed; report whether any content did."""
        if not self.content_dir.is_dir():
            if self._files:
                log.warning("content folder %s is missing; still serving the last catalog", self.content_dir)
            self._pending = None
            return self._files, False
        paths = article_files(self.content_dir)
        paths.extend(sorted(os.fspath(path) for path in self.content_dir.glob("*.y*ml") if path.is_file()))
        if self._held_back(frozenset(paths)):
            return self._files, False
        fresh: dict[str, FileState] = {}
        changed = set(paths) != set(self._files)
        for path in paths:
            old = self._files.get(path)
            fresh[path] = self._state(path, old)
            changed = changed or old is None or fresh[path].digest != old.digest
        return fresh, changed

    def _held_back(self, listed: frozenset[str]) -> bool:
        """True while a listing that removes many served files (or all) has not been seen twice in a row."""
        removed = len(self._files.keys() - listed)
        if not self._files or (listed and removed <= max(QUIET_REMOVALS, len(self._files) // 10)):
            self._pending = None
            return False
        if listed == self._pending:
            log.warning(
                "%s: applying the removal of %d files, unchanged since the last check",
                self.content_dir,
                removed,
            )
            self._pending = None
            return False
        log.warning(
            "%s: %d of %d files are gone; serving them until the folder lists the same files twice in a row",
            self.content_dir,
            removed,
            len(self._files),
        )
        self._pending = listed
        return True

    def _state(self, name: str, old: FileState | None) -> FileState:
        state = read_state(name, old, config_path=self._config_path)
        if state is not old and state.parsed is not None:
            self._log_problems(name, state.parsed)
        return state

    def _log_problems(self, name: str, parsed: ParsedArticle | CategoriesFile) -> None:
        if isinstance(parsed, ParsedArticle) and parsed.problems and name in self._last_good:
            log.warning(
                "%s is broken, keeping its last good version: %s", parsed.path, _reasons(parsed.problems)
            )
        else:
            for problem in parsed.problems:
                log.warning("content problem: %s", problem)

    def _build(self, files: dict[str, FileState]) -> Snapshot:
        """Assemble the next snapshot; a broken or newly clashing article is served in its last good version."""
        config: CategoriesFile | None = None
        prepared: dict[str, ParsedArticle] = {}
        for name, state in files.items():
            if isinstance(state.parsed, CategoriesFile):
                config = state.parsed
            elif isinstance(state.parsed, ParsedArticle):
                prepared[name] = self._stand_in(name, state.parsed)
        catalog = self._assemble(prepared, config)
        if not files and not self.content_dir.is_dir():
            catalog = Catalog(problems=(Problem(self.content_dir, 0, "content folder does not exist"),))
        index = self._index(catalog, self._meaning(catalog) if self._meaning is not None else None)
        name_of = {parsed.path: name for name, parsed in prepared.items()}
        self._files = files
        self._last_good = {
            name_of[article.path]: article for article in catalog.articles if article.path in name_of
        }
        self._version += 1
        return Snapshot(catalog=catalog, index=index, loaded_at=self._clock(), version=self._version)

    def _assemble(self, prepared: dict[str, ParsedArticle], config: CategoriesFile | None) -> Catalog:
        """Served articles win clashes; an edit the catalog rejects (typo'd category, taken title) is rolled back."""
        steady = {
            p.path for name, p in prepared.items() if p.article and p.article == self._last_good.get(name)
        }
        known = {p.path for name, p in prepared.items() if name in self._last_good}
        catalog = assemble(list(prepared.values()), config, prefer=steady, known=known)
        served = {article.path for article in catalog.articles}
        rejected = [
            name
            for name, parsed in prepared.items()
            if parsed.path not in served and parsed.path not in steady and name in self._last_good
        ]
        if not rejected:
            return catalog
        for name in rejected:
            path = prepared[name].path
            reasons = _reasons(p for p in catalog.problems if p.path == path)
            log.warning("%s clashes with the catalog, keeping its last good version: %s", path, reasons)
            prepared[name] = self._stand_in(name, replace(prepared[name], article=None))
        second = assemble(list(prepared.values()), config, prefer=steady, known=known)
        merged = sorted(set(catalog.problems) | set(second.problems), key=lambda p: (str(p.path), p.line))
        return replace(second, problems=tuple(merged))

    def _stand_in(self, name: str, parsed: ParsedArticle) -> ParsedArticle:
        """The file as parsed, or, when it does not parse, with its last good article standing in."""
        good = self._last_good.get(name)
        if parsed.article is None and good is not None:
            return replace(parsed, article=good, category=good.category)
        return parsed

    def _publish(self, snapshot: Snapshot) -> None:
        self._current = snapshot
        log.info(
            "catalog version %d: %d articles, %d problems",
            snapshot.version,
            len(snapshot.catalog.articles),
            len(snapshot.catalog.problems),
        )
        for callback in list(self._subscribers):
            try:
                callback(snapshot)
            except Exception:
                log.exception("catalog subscriber %r failed; the catalog was still updated", callback)
