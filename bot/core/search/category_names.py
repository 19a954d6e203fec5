"""Recognise a query that names a category: `security`, `Cloud & DevOps`, `devops`, `sec`, `secrity`.

Listing words (`articles`, `show me`, `category`) are ignored, so `security articles` is still a category, and
so is a list of names of one category (`infra and cloud posts`).
A near miss counts only when the word is not itself a word the catalog uses: `load` is a search, not a
misspelt `lead`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from rapidfuzz.distance import OSA

from bot.core.catalog import Category
from bot.core.search.analysis import normalize
from bot.core.search.fuzzy import max_edits
from bot.core.search.lexicon import LISTING_WORDS

_NON_WORD = re.compile(r"[^\w&]+|_")
_CONJUNCTION = re.compile(r"\b(?:and|or|n|plus)\b")
_APOSTROPHE = re.compile(r"['’]s\b|['’]")


def _key(text: str) -> str:
    folded = _APOSTROPHE.sub("", normalize(text)).replace("&", " and ")
    return " ".join(_NON_WORD.sub(" ", folded).split())


class CategoryResolver:
    """Maps category names, their aliases and near misses of either to the canonical category name."""

    def __init__(self, categories: Iterable[Category]) -> None:
        self._names: dict[str, str] = {}
        for category in categories:
            for spelling in (category.name, *category.aliases):
                key = _key(spelling)
                for form in (key, key.replace(" and ", " "), key.replace(" ", "")):
                    if form:
                        self._names.setdefault(form, category.name)

    def resolve(self, text: str, is_known_word: Callable[[str], bool] = lambda _: False) -> str | None:
        key = _key(text)
        exact = self._exact(key)
        if exact is not None:
            return exact
        words = [word for word in key.split() if word not in LISTING_WORDS]
        if not words or len(words) > 3:
            return None
        trimmed = " ".join(words)
        exact = self._exact(trimmed)
        if exact is not None:
            return exact
        if any(is_known_word(word) for word in words):
            return self._all_one(trimmed, is_known_word)
        return self._near(trimmed) or self._all_one(trimmed, is_known_word)

    def _all_one(self, trimmed: str, is_known_word: Callable[[str], bool]) -> str | None:
        """`infra and cloud`, `cloud n devops`, `infra / cloud`: names that all mean one category mean that
        category; `security and payments` is a search."""
        parts = [part.strip() for part in _CONJUNCTION.split(trimmed)]
        if len(parts) == 1:
            parts = trimmed.split()
        if len(parts) < 2 or not all(parts):
            return None
        names = {self.resolve(part, is_known_word) for part in parts}
        return names.pop() if len(names) == 1 and None not in names else None

    def _exact(self, key: str) -> str | None:
        return (
            self._names.get(key)
            or self._names.get(key.replace(" and ", " "))
            or self._names.get(key.replace(" ", ""))
        )

    def _near(self, key: str) -> str | None:
        limit = max_edits(key.replace(" ", ""))
        if limit == 0:
            return None
        best: tuple[int, str] | None = None
        for form, name in self._names.items():
            if abs(len(form) - len(key)) > limit:
                continue
            distance = OSA.distance(key, form, score_cutoff=limit)
            if distance <= limit and (best is None or distance < best[0]):
                best = (distance, name)
        return best[1] if best else None
