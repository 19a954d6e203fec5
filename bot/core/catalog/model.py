"""The catalog's value types, shared by search, Block Kit builders and digests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a content file, located so that an editor can jump to it."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        """`path:line: message`, the shape editors and CI annotate; line 0 means the whole file or folder."""
        if self.line <= 0:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Article:
    """One Markdown article; `slug` is its file name without `.md`, unique across the catalog."""

    slug: str
    title: str
    category: str
    summary: str
    read_time: int
    tags: tuple[str, ...] = ()
    body: str = ""
    url: str | None = None
    published: dt.date | None = None
    author: str | None = None
    path: Path | None = None
    questions: tuple[str, ...] = ()  # phrasings it answers (front matter `questions:`), searched like tags
    owners: tuple[str, ...] = ()  # Slack user or user group IDs; empty means the category's owners
    review_by: dt.date | None = None
    review_every: int | None = None  # days, counted from `reviewed`, `published` or `changed`
    reviewed: dt.date | None = None
    changed: dt.date | None = None  # the file's last commit date, when the content folder is a git checkout

    @property
    def published_at(self) -> dt.datetime | None:
        """The publication date as midnight UTC, so it can be ordered against the times the bot saw articles."""
        if self.published is None:
            return None
        return dt.datetime.combine(self.published, dt.time(), tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class Category:
    """A category as `categories.yml` describes it; categories without an entry get an empty description."""

    name: str
    description: str = ""
    emoji: str = ""
    aliases: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()  # Slack user or user group IDs who look after the category
    channel: str | None = None  # where the owners' weekly post goes; else a DM to each owner


@dataclass(frozen=True, slots=True)
class Catalog:
    """A whole, validated catalog: the articles that loaded, and the problems with those that did not."""

    articles: tuple[Article, ...] = ()
    categories: tuple[Category, ...] = ()
    problems: tuple[Problem, ...] = field(default=())
    _by_slug: dict[str, Article] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_slug", {article.slug: article for article in self.articles})

    def by_slug(self, slug: str) -> Article | None:
        return self._by_slug.get(slug)

    def in_category(self, name: str) -> tuple[Article, ...]:
        return tuple(article for article in self.articles if article.category == name)

    def category(self, name: str) -> Category | None:
        return next((category for category in self.categories if category.name == name), None)

    def owners_of(self, article: Article) -> tuple[str, ...]:
        """The article's own owners, else its category's."""
        if article.owners:
            return article.owners
        category = self.category(article.category)
        return category.owners if category is not None else ()

    def counts(self) -> dict[str, int]:
        """Article count per category, in the order of `categories`."""
        counts = {category.name: 0 for category in self.categories}
        for article in self.articles:
            counts[article.category] = counts.get(article.category, 0) + 1
        return counts
