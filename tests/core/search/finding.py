"""The eval's view of an index: what a surface finds, category decision included."""

from __future__ import annotations

from bot.assistant import find
from bot.core.search import SearchIndex
from bot.core.search.evaluate import Finder


def finder(index: SearchIndex) -> Finder:
    return lambda text, depth: find(index, text, limit=depth)
