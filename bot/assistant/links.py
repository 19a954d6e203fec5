"""Where an article can be opened: its own `url`, else one derived from a template (`ARTICLE_LINK_TEMPLATE`).

Teams keep articles in a wiki that mirrors the slugs (`https://wiki.example.com/{slug}`) or only in git
(`https://github.com/acme/handbook/blob/main/content/{path}`); either way every result gets an "Open" link
without a `url:` line in each file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from bot.core.catalog.model import Article

PLACEHOLDERS = ("{slug}", "{path}", "{category}")


class ArticleLinks:
    def __init__(self, template: str | None, content_dir: Path) -> None:
        self._template = template or None
        self._content_dir = content_dir

    def url(self, article: Article) -> str | None:
        if article.url:
            return article.url
        if self._template is None:
            return None
        path = article.path
        relative = (
            path.relative_to(self._content_dir).as_posix()
            if path and path.is_relative_to(self._content_dir)
            else ""
        )
        if "{path}" in self._template and not relative:
            return None
        return (
            self._template.replace("{slug}", quote(article.slug))
            .replace("{path}", quote(relative))
            .replace("{category}", quote(article.category))
        )

    def of(self, articles: Iterable[Article]) -> dict[str, str]:
        found = {article.slug: self.url(article) for article in articles}
        return {slug: url for slug, url in found.items() if url}
