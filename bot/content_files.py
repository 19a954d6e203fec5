"""One content file as the live catalog last saw it: enough to skip re-reading it when it has not changed.

Change detection polls file stats, which works on every filesystem (bind mounts, NFS, containers), and re-reads
any file modified too recently for its timestamp to be trusted (git's "racy clean" rule); a file whose bytes
did not change is not parsed again.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path

from bot.core.catalog import CategoriesFile, ParsedArticle, Problem, article_from, categories_from, read_bytes

RACY_NS = 2_000_000_000
"""A file whose mtime is within this of the moment we read it may change again without a visible mtime change."""


@dataclass(frozen=True)
class FileState:
    """What we last saw of one file: enough to skip re-reading it when it has not changed."""

    stat_key: tuple[int, int, int]
    read_at_ns: int
    digest: bytes
    parsed: ParsedArticle | CategoriesFile | None

    def trusted(self, stat_key: tuple[int, int, int]) -> bool:
        return stat_key == self.stat_key and stat_key[0] < self.read_at_ns - RACY_NS


def read_state(name: str, old: FileState | None, *, config_path: str) -> FileState:
    """The file's state now: `old` itself when its stat is trusted, else re-read (and re-parsed if changed)."""
    try:
        stat = os.stat(name)
        stat_key = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    except OSError:
        stat_key = (0, -1, 0)
    if old is not None and old.trusted(stat_key):
        return old
    read_at_ns = time.time_ns()
    path = Path(name)
    data = read_bytes(path)
    digest = hashlib.blake2b(
        str(data).encode() if isinstance(data, Problem) else data, digest_size=16
    ).digest()
    if old is not None and old.digest == digest:
        return replace(old, stat_key=stat_key, read_at_ns=read_at_ns)
    return FileState(stat_key, read_at_ns, digest, _parse(name, path, data, config_path))


def _parse(
    name: str, path: Path, data: bytes | Problem, config_path: str
) -> ParsedArticle | CategoriesFile | None:
    """Articles and categories.yml are parsed; other top-level YAML is only watched, for subscribers."""
    if name == config_path:
        return categories_from(data, path)
    if name.endswith((".yml", ".yaml")):
        return None
    return article_from(data, path)
