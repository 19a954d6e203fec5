"""Parsed files -> one `Catalog`: the checks that need every article at once (duplicates, category spelling).

Pure and order-stable: whatever order the files come in, the same folder always yields the same catalog. When
two articles clash (same slug or title), the one kept is decided by, in turn:

1. `prefer`: files a live reload already served unchanged, so an edit that clashes with them is the one skipped;
2. `known`: files already served (edited since), so a newcomer never displaces an article people can find;
3. on a cold load, the file filed in the folder named after its category (`security/x.md` for Security);
4. then the shallower path, then path order.

The other file is the one reported. Articles come out in path order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from bot.core.catalog.categories import CategoriesFile
from bot.core.catalog.model import Article, Catalog, Category, Problem
from bot.core.catalog.parse import ParsedArticle
from bot.core.catalog.yamldoc import quoted

TYPO_CUTOFF = 75.0
_NOT_ALNUM = re.compile(r"[\W_]+")


def assemble(
    files: Sequence[ParsedArticle],
    config: CategoriesFile | None = None,
    *,
    prefer: Collection[Path] = (),
    known: Collection[Path] = (),
) -> Catalog:
    """Build the catalog from parsed files (in any order) and the optional `categories.yml` outcome."""

    def rank(parsed: ParsedArticle) -> tuple[bool, bool, bool, int, str]:
        path = parsed.path
        filed = _folded(path.parent.name) == _folded(parsed.category or "")
        return (path not in prefer, path not in known, not filed, len(path.parts), str(path))

    ordered = sorted(files, key=rank)
    problems: list[Problem] = [problem for parsed in ordered for problem in parsed.problems]
    if config is not None:
        problems.extend(config.problems)
    names = _CategoryNames(
        config.categories if config is not None else (), [p.article for p in ordered if p.article]
    )
    unique = _Unique()
    articles: list[Article] = []
    for parsed in ordered:
        article, problem = _admit(parsed, names, unique)
        if problem is not None:
            problems.append(problem)
        if article is not None:
            articles.append(article)
    return Catalog(
        articles=tuple(sorted(articles, key=lambda article: str(article.path))),
        categories=names.categories(articles),
        problems=tuple(sorted(problems, key=lambda p: (str(p.path), p.line))),
    )


class _Unique:
    """The files already admitted, by slug and by title: the first one ranked keeps its place."""

    def __init__(self) -> None:
        self.slugs: dict[str, ParsedArticle] = {}
        self.titles: dict[str, ParsedArticle] = {}


def _admit(
    parsed: ParsedArticle, names: _CategoryNames, unique: _Unique
) -> tuple[Article | None, Problem | None]:
    """The article this file adds to the catalog, or the problem that keeps it out (or neither)."""
    if parsed.category is None:
        return None, None
    category, typo_of = names.resolve(parsed.category)
    if typo_of is not None:
        message = f"unknown category {quoted(category)}: did you mean '{typo_of}'?"
        return None, Problem(parsed.path, parsed.line_of("category"), message)
    article = parsed.article
    if article is None:
        return None, None
    first = unique.slugs.get(article.slug)
    if first is not None:
        message = f"duplicate slug {quoted(article.slug)}: {first.path} has the same file name; rename one"
        return None, Problem(parsed.path, 1, message)
    first = unique.titles.get(article.title.casefold())
    if first is not None:
        message = f"duplicate title {quoted(article.title)} (also {first.path}:{first.line_of('title')})"
        return None, Problem(parsed.path, parsed.line_of("title"), message)
    unique.slugs[article.slug] = parsed
    unique.titles[article.title.casefold()] = parsed
    return (article if category == article.category else _recategorised(article, category)), None


class _CategoryNames:
    """Which spellings mean which category: described names and aliases, or, without a config, common usage."""

    def __init__(self, described: Sequence[Category], articles: Sequence[Article]) -> None:
        self.described = tuple(described)
        self.exact: dict[str, str] = {}
        for category in described:
            self.exact[category.name.casefold()] = category.name
            for alias in category.aliases:
                self.exact.setdefault(alias.casefold(), category.name)
        usage = Counter(article.category for article in articles)
        self.usage_folded: Counter[str] = Counter()
        if not described:
            for name, count in usage.most_common():
                self.exact.setdefault(name.casefold(), name)
                self.usage_folded[name.casefold()] += count

    def resolve(self, written: str) -> tuple[str, str | None]:
        """(category to file it under, None) when acceptable; (written, probable intent) for a near-miss."""
        folded = written.casefold()
        if self.described:
            canonical = self.exact.get(folded)
            if canonical is not None:
                return canonical, None
            choices = [category.name for category in self.described]
            for category in self.described:
                choices.extend(category.aliases)
            intent = _closest(written, choices)
            return written, (self.exact[intent.casefold()] if intent is not None else None)
        own = self.usage_folded[folded]
        more_common = [self.exact[name] for name, count in self.usage_folded.items() if count > own]
        return self.exact.get(folded, written), _closest(written, more_common)

    def categories(self, articles: Sequence[Article]) -> tuple[Category, ...]:
        """Described categories in file order, then any others the articles use, alphabetically."""
        known = {category.name for category in self.described}
        extra = sorted({article.category for article in articles} - known)
        return self.described + tuple(Category(name=name) for name in extra)


def _folded(name: str) -> str:
    """A folder or category name reduced to lower-case letters and digits: `Cloud & DevOps` ~ `cloud-devops`."""
    return _NOT_ALNUM.sub("", name.casefold())


def _closest(written: str, choices: Sequence[str]) -> str | None:
    match = process.extractOne(
        written, choices, scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=TYPO_CUTOFF
    )
    return match[0] if match is not None else None


def _recategorised(article: Article, category: str) -> Article:
    return replace(article, category=category)
