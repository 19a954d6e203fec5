"""What building a catalog's lexical index computes: the part of a `SearchIndex` worth keeping between runs.

Everything here depends only on the articles' text (and the analyser), so a snapshot of it, keyed by that text,
stands in for a rebuild when a restarted process finds the catalog unchanged. Cheap derived parts (the speller,
category names, the query parser) are rebuilt from these each time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.core.catalog import Article
from bot.core.search.analysis import Analyzer
from bot.core.search.index import InvertedIndex, Reader
from bot.core.search.phrases import Phrases
from bot.core.search.snippet import plain, sentence_starts_many


@dataclass(frozen=True)
class LexicalParts:
    """The inverted index, title and tag word pairs, and every article's sentence starts (for snippets):
    `sentence_starts[sentence_offsets[i]:sentence_offsets[i + 1]]` are article i's."""

    index: InvertedIndex
    phrases: Phrases
    sentence_starts: np.ndarray
    sentence_offsets: np.ndarray
    texts: list[str]  # `snippet_texts`: not kept in a snapshot, since the catalog holds them

    @classmethod
    def build(
        cls, articles: Sequence[Article], analyzer: Analyzer, read: Reader | None = None
    ) -> LexicalParts:
        """`read` reads the texts' batches for the index (see `InvertedIndex.build`)."""
        documents = [
            (a.title, " ".join((*a.tags, *a.questions)), a.summary, a.body, a.category) for a in articles
        ]
        index = InvertedIndex.build(analyzer, documents, read)
        phrases = Phrases.of([a.title for a in articles] + [t for a in articles for t in a.tags])
        texts = snippet_texts(articles)
        starts, offsets = sentence_starts_many(texts)
        return cls(index, phrases, starts, offsets, texts)


def snippet_texts(articles: Sequence[Article]) -> list[str]:
    """The text snippets are cut from: an article's body (its summary when it has none), Markdown stripped."""
    return [plain(a.body or a.summary) for a in articles]
