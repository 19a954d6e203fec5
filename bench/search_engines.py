"""The alternatives a team would otherwise pick, each behind the same two calls: build, then query.

Each adapter indexes title, tags, summary and body of the same catalog and returns the top 10 slugs.
None of them repairs typos; that is part of what the comparison shows.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import bm25s
import Stemmer
import tantivy
from rank_bm25 import BM25Okapi
from rapidfuzz import fuzz, process, utils

from bot.core.catalog import Article, Catalog
from bot.core.search import SearchIndex
from bot.search_snapshot import IndexSnapshots

Query = Callable[[str], list[str]]
_WORD = re.compile(r"\w\w+")


def _text(article: Article) -> str:
    return " ".join((article.title, " ".join(article.tags), article.summary, article.body))


def ours(catalog: Catalog) -> Query:
    index = SearchIndex.build(catalog)
    return lambda q: [hit.article.slug for hit in index.search(q, limit=10).results]


def ours_as_the_bot_builds(catalog: Catalog) -> Query:
    """A cold build the way the bot does one: worker processes read the texts (on catalogs of 8,192 articles
    or more), and the snapshot a restart would read is written (to a folder removed afterwards)."""
    folder = tempfile.mkdtemp(prefix="bench-index-")
    try:
        index = IndexSnapshots(Path(folder)).build(catalog)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return lambda q: [hit.article.slug for hit in index.search(q, limit=10).results]


def naive_rapidfuzz(catalog: Catalog) -> Query:
    choices = [f"{a.title} {a.summary}" for a in catalog.articles]
    slugs = [a.slug for a in catalog.articles]

    def query(q: str) -> list[str]:
        found = process.extract(q, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=10)
        return [slugs[i] for _, _, i in found]

    return query


def rank_bm25(catalog: Catalog) -> Query:
    stemmer = Stemmer.Stemmer("english")
    tokens = [stemmer.stemWords(_WORD.findall(_text(a).lower())) for a in catalog.articles]
    bm25 = BM25Okapi(tokens)
    slugs = [a.slug for a in catalog.articles]

    def query(q: str) -> list[str]:
        scores = bm25.get_scores(stemmer.stemWords(_WORD.findall(q.lower())))
        return [slugs[i] for i in scores.argsort()[::-1][:10]]

    return query


def bm25s_engine(catalog: Catalog) -> Query:
    stemmer = Stemmer.Stemmer("english")
    corpus = bm25s.tokenize([_text(a) for a in catalog.articles], stemmer=stemmer, show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    vocab = corpus.vocab
    slugs = [a.slug for a in catalog.articles]

    def query(q: str) -> list[str]:
        words = [w for w in stemmer.stemWords(_WORD.findall(q.lower())) if w in vocab]
        if not words:
            return []
        docs, _ = retriever.retrieve([words], k=min(10, len(slugs)), show_progress=False)
        return [slugs[i] for i in docs[0]]

    return query


def sqlite_fts5(catalog: Catalog) -> Query:
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, title, tags, summary, body, tokenize='porter')"
    )
    db.executemany(
        "INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
        ((a.slug, a.title, " ".join(a.tags), a.summary, a.body) for a in catalog.articles),
    )
    db.commit()

    def query(q: str) -> list[str]:
        words = _WORD.findall(q.lower())
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        sql = "SELECT slug FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, 3.0, 2.5, 1.5, 1.0) LIMIT 10"
        return [row[0] for row in db.execute(sql, (match,))]

    return query


def tantivy_engine(catalog: Catalog) -> Query:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("slug", stored=True, tokenizer_name="raw")
    for field in ("title", "tags", "summary", "body"):
        builder.add_text_field(field, stored=False, tokenizer_name="en_stem")
    index = tantivy.Index(builder.build())
    writer = index.writer(heap_size=256_000_000, num_threads=1)
    for a in catalog.articles:
        writer.add_document(
            tantivy.Document(
                slug=a.slug, title=a.title, tags=" ".join(a.tags), summary=a.summary, body=a.body
            )
        )
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()
    fields = ["title", "tags", "summary", "body"]
    boosts = {"title": 3.0, "tags": 2.5, "summary": 1.5}

    def query(q: str) -> list[str]:
        words = _WORD.findall(q.lower())
        if not words:
            return []
        parsed = index.parse_query(" OR ".join(words), fields, field_boosts=boosts)
        hits = searcher.search(parsed, 10).hits
        return [searcher.doc(address)["slug"][0] for _, address in hits]

    return query


ENGINES: Sequence[tuple[str, Callable[[Catalog], Query]]] = (
    ("ours (BM25F+typos)", ours),
    ("ours, cold start as the bot builds", ours_as_the_bot_builds),
    ("tantivy", tantivy_engine),
    ("bm25s", bm25s_engine),
    ("sqlite fts5", sqlite_fts5),
    ("rank_bm25", rank_bm25),
    ("rapidfuzz naive", naive_rapidfuzz),
)
