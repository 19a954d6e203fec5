"""Turn a folder of Markdown files into a `Catalog` (first cut: to be hardened by the catalog work)."""

from __future__ import annotations

from pathlib import Path

import frontmatter
import yaml

from bot.core.catalog.model import Article, Catalog, Category, Problem


def load_catalog(content_dir: Path) -> Catalog:
    articles: list[Article] = []
    problems: list[Problem] = []
    for path in sorted(content_dir.rglob("*.md")):
        try:
            post = frontmatter.loads(path.read_text(encoding="utf-8"))
            meta = post.metadata
            articles.append(
                Article(
                    slug=path.stem,
                    title=str(meta["title"]),
                    category=str(meta["category"]),
                    summary=str(meta["summary"]),
                    read_time=int(meta["read_time"]),
                    tags=tuple(str(tag) for tag in meta.get("tags") or ()),
                    body=post.content,
                    url=meta.get("url"),
                    published=meta.get("published"),
                    author=meta.get("author"),
                    path=path,
                )
            )
        except Exception as exc:
            problems.append(Problem(path, 1, str(exc)))
    categories: list[Category] = []
    config = content_dir / "categories.yml"
    if config.exists():
        for name, entry in (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).items():
            categories.append(
                Category(
                    name=name,
                    description=entry.get("description", ""),
                    emoji=entry.get("emoji", ""),
                    aliases=tuple(entry.get("aliases", ())),
                )
            )
    known = {category.name for category in categories}
    for name in sorted({article.category for article in articles} - known):
        categories.append(Category(name=name))
    return Catalog(tuple(articles), tuple(sorted(categories, key=lambda c: c.name)), tuple(problems))
