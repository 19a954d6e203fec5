"""Reading a large catalog's texts (splitting them, numbering their tokens) in worker processes, while this
process builds the index from what they read: tokenising is most of a cold build, and it needs nothing from the
rest of it.

The workers are started for one build and stopped after it (a spawned process, so a threaded server is never
forked). Batches go out a few at a time and come back in order; each worker reads its batches in increasing
order, which is all `TokenVocabulary.merge` needs for the index to be the very one a single process builds.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from bot.core.search.vocabulary import BatchReader, TokenBatch

AHEAD = 2
"""Batches queued per worker: enough to keep it busy, few enough that read batches do not pile up in memory."""

_reader: BatchReader | None = None


def default_workers() -> int:
    """One worker per core beside this process's own, at most two: reading costs about what the rest of the
    build does, so on two cores one worker balances this process, and beyond two a third only adds start-up
    and memory (two workers on two cores measured slower than one)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(0, min(2, cores - 1))


class ReaderPool:
    """A `Reader` (see `bot.core.search.index`) that reads batches in `workers` spawned processes."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def __call__(self, batches: Iterable[list[str]]) -> Iterator[TokenBatch]:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start) as pool:
            pending: deque[Future[TokenBatch]] = deque()
            for texts in batches:
                pending.append(pool.submit(_read, texts))
                if len(pending) >= AHEAD * self.workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()


def _start() -> None:
    global _reader
    _reader = BatchReader()


def _read(texts: list[str]) -> TokenBatch:
    assert _reader is not None, "worker started without its reader"
    return _reader(texts)
