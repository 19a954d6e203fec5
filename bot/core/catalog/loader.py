"""Read a content folder from disk: which files are articles, and the whole catalog in one call.

The only file I/O of the catalog package; parsing and the catalog-wide checks are pure and live beside it.
"""

from __future__ import annotations

import os
from pathlib import Path

from bot.core.catalog.assemble import assemble
from bot.core.catalog.categories import CATEGORIES_FILE, CategoriesFile, parse_categories
from bot.core.catalog.model import Catalog, Problem
from bot.core.catalog.parse import ParsedArticle, parse_article

MAX_FILE_BYTES = 1_000_000
IGNORED_NAMES = frozenset({"readme.md"})


def article_files(content_dir: Path) -> list[str]:
    """Every article file under `content_dir` as sorted path strings: cheap enough to poll every few seconds.

    Hidden files and folders, folders starting with `_`, and README.md are not articles; symlinked folders are
    not followed (no loops).
    """
    found: list[str] = []
    pending = [os.fspath(content_dir)]
    while pending:
        try:
            with os.scandir(pending.pop()) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not name.startswith("_"):
                        pending.append(entry.path)
                elif name.lower().endswith(".md") and name.lower() not in IGNORED_NAMES and entry.is_file():
                    found.append(entry.path)
            except OSError:
                continue
    found.sort()
    return found


def discover(content_dir: Path) -> list[Path]:
    """`article_files` as paths."""
    return [Path(name) for name in article_files(content_dir)]


def read_bytes(path: Path) -> bytes | Problem:
    """The file's bytes, or a problem when it cannot be read or is too large to be an article."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return Problem(
                path, 1, f"file is {size:,} bytes; files over {MAX_FILE_BYTES:,} bytes are not loaded"
            )
        return path.read_bytes()
    except OSError as exc:
        return Problem(path, 1, f"cannot read the file: {exc.strerror or exc}")


def article_from(data: bytes | Problem, path: Path) -> ParsedArticle:
    """`read_bytes`' answer parsed; shared with the live catalog, which hashes the bytes before parsing them."""
    if isinstance(data, Problem):
        return ParsedArticle(path, None, (data,))
    return parse_article(data, path)


def categories_from(data: bytes | Problem, path: Path) -> CategoriesFile:
    """`read_bytes`' answer for `categories.yml` parsed; an unreadable file is its one problem."""
    if isinstance(data, Problem):
        return CategoriesFile(problems=(data,))
    return parse_categories(data, path)


def load_article(path: Path) -> ParsedArticle:
    return article_from(read_bytes(path), path)


def load_categories(content_dir: Path) -> CategoriesFile | None:
    """None when the folder has no `categories.yml`: the categories then come from the articles."""
    path = content_dir / CATEGORIES_FILE
    if not path.is_file():
        return None
    return categories_from(read_bytes(path), path)


def load_catalog(content_dir: Path) -> Catalog:
    """Never raises for bad content: every problem lands in `Catalog.problems` and the good articles load."""
    if not content_dir.is_dir():
        what = "is not a folder" if content_dir.exists() else "does not exist"
        return Catalog(problems=(Problem(content_dir, 0, f"content folder {what}"),))
    return assemble([load_article(path) for path in discover(content_dir)], load_categories(content_dir))
