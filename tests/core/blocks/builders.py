"""Small builders for block tests: articles, hits and snippets with only the fields a test cares about."""

from __future__ import annotations

from bot.core.catalog.model import Article, Catalog, Category
from bot.core.search import Hit, SearchResponse, Snippet


def article(slug: str = "a", **fields: object) -> Article:
    values: dict[str, object] = {
        "title": f"Title {slug}",
        "category": "Security",
        "summary": f"Summary of {slug}.",
        "read_time": 5,
    }
    values.update(fields)
    return Article(slug=slug, **values)  # type: ignore[arg-type]


def hit(item: Article, text: str = "A matching passage about tokens.", marks=((25, 31),)) -> Hit:
    return Hit(article=item, score=1.0, snippet=Snippet(text=text, marks=tuple(marks)))


def catalog(*articles: Article) -> Catalog:
    categories = (Category("Security", "Sessions and tokens.", ":lock:", ("sec",)),)
    return Catalog(articles=tuple(articles), categories=categories)


def answered(*hits: Hit, corrections: tuple[tuple[str, str], ...] = ()) -> SearchResponse:
    """A search response whose answer tier is `hits`."""
    return SearchResponse("q", None, tuple(hits), (), len(hits), confidence="answer", corrections=corrections)
