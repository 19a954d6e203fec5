"""The index builder against a plain reference: whatever batching, counting sort and compact buffers it uses,
every impact must be the BM25F figure a straightforward loop computes, so results do not move."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from bot.core.search.analysis import Analyzer
from bot.core.search.index import FIELD_B, FIELD_WEIGHTS, FIELDS, K1, InvertedIndex
from bot.core.search.phrases import Phrases

Doc = tuple[str, str, str, str, str]


def _reference(
    index: InvertedIndex, analyzer: Analyzer, documents: list[Doc]
) -> dict[tuple[int, int], float]:
    """(term, doc) -> impact, one document and field at a time, in float64 then float32 as the index does."""
    counts = [
        [Counter(index.surfaces[w] for w in analyzer.surfaces(text)) for text in doc] for doc in documents
    ]
    lengths = np.array([[sum(field.values()) for field in doc] for doc in counts], dtype=np.float64)
    average = lengths.mean(axis=0)
    average[average == 0] = 1.0
    norm = 1.0 - FIELD_B + FIELD_B * lengths / average
    tf: dict[tuple[int, int], float] = {}
    for doc, fields in enumerate(counts):
        for field, terms in enumerate(fields):
            for term, count in terms.items():
                weighted = count * FIELD_WEIGHTS[field] / norm[doc, field]
                tf[(term, doc)] = tf.get((term, doc), 0.0) + weighted
    df = Counter(term for term, _ in tf)
    impacts = {}
    for (term, doc), value in tf.items():
        idf = np.float64(math.log1p((len(documents) - df[term] + 0.5) / (df[term] + 0.5)))
        frequency = np.float32(value)
        impacts[(term, doc)] = float(np.float32(idf * frequency * (K1 + 1.0) / (frequency + K1)))
    return impacts


def _built(index: InvertedIndex) -> dict[tuple[int, int], float]:
    found = {}
    for term in range(len(index.term_ids)):
        postings = index.postings(term)
        assert list(postings.docs) == sorted(postings.docs)  # ascending: the engine bisects them
        for doc, impact in zip(postings.docs.tolist(), postings.impacts.tolist(), strict=True):
            found[(term, doc)] = impact
    return found


def _documents(count: int) -> list[Doc]:
    words = ["kubernetes", "rollback", "deploys", "queue", "tokens", "refresh-tokens", "ci/cd", "the"]
    return [
        (
            f"{words[n % 8]} guide {n}",
            f"{words[(n * 3) % 8]} {words[(n + 5) % 8]}",
            f"Why {words[(n * 7) % 8]} matters, and {words[n % 5]}.",
            " ".join(words[(n + k) % 8] for k in range(n % 13)),
            "Cloud" if n % 2 else "Security",
        )
        for n in range(count)
    ]


def test_impacts_across_several_batches_match_a_plain_computation() -> None:
    analyzer = Analyzer()
    documents = _documents(4500)  # three build batches
    index = InvertedIndex.build(analyzer, documents)
    assert _built(index) == _reference(index, analyzer, documents)
    assert index.df.tolist() == [index.postings(t).docs.size for t in range(len(index.term_ids))]


def test_a_word_repeated_more_than_65535_times_in_a_field_is_counted_exactly() -> None:
    analyzer = Analyzer()
    documents: list[Doc] = [
        ("Echo", "", "", "echo " * 70_000, "Misc"),
        ("Other", "", "", "echo once, something else", "Misc"),
        ("Third", "", "", "nothing here", "Misc"),
    ]
    index = InvertedIndex.build(analyzer, documents)
    assert _built(index) == _reference(index, analyzer, documents)


def test_headline_keys_are_the_title_and_tag_terms_of_each_document() -> None:
    analyzer = Analyzer()
    documents = _documents(40)
    index = InvertedIndex.build(analyzer, documents)
    expected = sorted(
        {
            index.surfaces[w] * len(documents) + doc
            for doc, d in enumerate(documents)
            for w in analyzer.surfaces(" ".join(d[:2]))
        }
    )
    assert FIELDS[:2] == ("title", "tags")
    assert index.headline.tolist() == expected


def test_each_term_lists_its_surface_words_in_vocabulary_order() -> None:
    index = InvertedIndex.build(
        Analyzer(), [("Deploy deploys deployed", "", "", "deploying refresh-tokens", "X")]
    )
    for term in range(len(index.term_ids)):
        assert list(index.words_of.get(term)) == [w for w, t in index.surfaces.items() if t == term]
    assert index.words_of.get(len(index.term_ids)) == ()


def test_an_empty_catalog_builds_an_empty_index() -> None:
    index = InvertedIndex.build(Analyzer(), [])
    assert (index.n_docs, len(index.term_ids), index.headline.size) == (0, 0, 0)


def test_phrases_never_pair_words_of_two_different_titles_or_tags() -> None:
    phrases = Phrases.of(["Scope creep", "Technical debt", "ZZ hill", "rock'n'roll music"])
    assert phrases.repair("creep", "technicl", True, False) is None  # `creep technical` spans two titles
    assert phrases.repair("technical", "dept", True, False) is not None
    assert phrases.repair("zz", "hils", True, False) is not None  # `zz` in a text is a word like any other
    assert phrases.repair("rocknroll", "musik", True, False) is not None  # apostrophes drop, as in queries
