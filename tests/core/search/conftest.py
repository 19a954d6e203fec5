"""Search fixtures: the shipped catalog (what users really search) and small hand-made catalogs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.core.catalog import Article, Catalog, Category, load_catalog
from bot.core.search import SearchIndex

CONTENT_DIR = Path(__file__).resolve().parents[3] / "content"


@pytest.fixture(scope="session")
def shipped_index() -> SearchIndex:
    return SearchIndex.build(load_catalog(CONTENT_DIR))


def make_article(slug: str, title: str, *, category: str = "Engineering", **fields: object) -> Article:
    summary = str(fields.pop("summary", f"All about {title.lower()}."))
    body = str(fields.pop("body", summary))
    tags = tuple(str(tag) for tag in fields.pop("tags", ()))  # type: ignore[union-attr]
    published = fields.pop("published", None)
    return Article(
        slug=slug,
        title=title,
        category=category,
        summary=summary,
        read_time=5,
        tags=tags,
        body=body,
        published=published,  # type: ignore[arg-type]
    )


@pytest.fixture
def build_index() -> Callable[..., SearchIndex]:
    def build(*articles: Article, categories: tuple[Category, ...] = ()) -> SearchIndex:
        names = {category.name for category in categories}
        extra = tuple(Category(name) for name in sorted({a.category for a in articles} - names))
        return SearchIndex.build(Catalog(tuple(articles), categories + extra))

    return build
