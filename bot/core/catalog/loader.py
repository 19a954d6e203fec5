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


def discover(content_dir: Path) -> list[Path]:
    """Every article file under `content_dir`, sorted; hidden files and folders and README.md are not articles."""
    found: list[Path] = []
    for folder, subfolders, files in os.walk(content_dir):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith((".", "_")))
        for name in files:
            if (
                name.lower().endswith(".md")
                and not name.startswith(".")
                and name.lower() not in IGNORED_NAMES
            ):
                found.append(Path(folder) / name)
    return sorted(found)


def read_bytes(path: Path) -> bytes | Problem:
    """The file's bytes, or a problem when it cannot be read or is too large to be an article."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return Problem(
                path, 1, f"file is {size:,} bytes; articles over {MAX_FILE_BYTES:,} bytes are not loaded"
            )
        return path.read_bytes()
    except OSError as exc:
        return Problem(path, 1, f"cannot read the file: {exc.strerror or exc}")


def load_article(path: Path) -> ParsedArticle:
    data = read_bytes(path)
    if isinstance(data, Problem):
        return ParsedArticle(path, None, (data,))
    return parse_article(data, path)


def load_categories(content_dir: Path) -> CategoriesFile | None:
    """None when the folder has no `categories.yml`: the categories then come from the articles."""
    path = content_dir / CATEGORIES_FILE
    if not path.is_file():
        return None
    data = read_bytes(path)
    if isinstance(data, Problem):
        return CategoriesFile(problems=(data,))
    return parse_categories(data, path)


def load_catalog(content_dir: Path) -> Catalog:
    """Never raises for bad content: every problem lands in `Catalog.problems` and the good articles load."""
    if not content_dir.is_dir():
        what = "is not a folder" if content_dir.exists() else "does not exist"
        return Catalog(problems=(Problem(content_dir, 0, f"content folder {what}"),))
    return assemble([load_article(path) for path in discover(content_dir)], load_categories(content_dir))
