"""Hybrid search against words alone, side by side in one run, on the synthetic catalogs of `bench search`.

Run: .venv/bin/python -m bench hybrid [--sizes 10000,100000] [--queries 150]

Per size: write the catalog, load it, and build (a) the words-only index and (b) the same index with meaning
from the packaged model. Query latency includes embedding the query for real (each query text is new, so the
encoder's memo never answers). Document vectors are not embedded here: a first-time embedding of 10,000
articles (5 texts each) takes most of an hour on 2 cores, so the vector cache is filled with random unit
vectors under the real content keys; the query's cost (one matrix-vector product, passages of the 64 leading
candidates) does not depend on the vectors' values. First-time embedding is measured separately, on real
texts, and reported as texts per second. Start-up is what a restart pays: load the catalog, read the cached
vectors, read the lexical index's snapshot (written by the first start), for words alone and with meaning.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil

from bench.search_corpus import make_queries, write_catalog
from bot.core.catalog import load_catalog
from bot.core.search import SearchIndex
from bot.search_snapshot import IndexSnapshots
from bot.semantic import SemanticUnavailable, load_encoder
from bot.semantic.meaning import CatalogMeaning
from bot.semantic.vector_cache import VectorCache, content_key, model_folder

CONTENT = Path(__file__).resolve().parent.parent / "content"
SEED = 11


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 1e6


def fill_cache(articles: list, encoder: object, root: Path) -> int:
    """Random unit vectors under the keys the real texts would have: what a warm cache looks like."""
    texts, _ = CatalogMeaning.texts(articles)
    keys = list(dict.fromkeys(content_key(encoder.model_id, text) for text in texts))  # type: ignore[attr-defined]
    vectors = np.random.default_rng(SEED).standard_normal((len(keys), encoder.dimension)).astype(np.float32)  # type: ignore[attr-defined]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    VectorCache(model_folder(root, encoder.model_id)).save(keys, vectors)  # type: ignore[attr-defined]
    return len(keys)


def latencies(index: SearchIndex, queries: list[str]) -> tuple[float, float, float]:
    """p50 and p99 wall time, and p50 CPU time of the process (all its threads): on a machine others share,
    the CPU figure moves far less with their load than the wall time does."""
    times, cpu = [], []
    for text in queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        index.search(text, limit=5)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    times.sort()
    return (
        statistics.median(times),
        times[min(len(times) - 1, int(len(times) * 0.99))],
        statistics.median(cpu),
    )


def bench_size(size: int, count: int, encoder: object) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        fields = write_catalog(root / "content", size, SEED, CONTENT)
        catalog = load_catalog(root / "content")
        texts = fill_cache(list(catalog.articles), encoder, root / "vectors")
        snapshots = IndexSnapshots(root / "index")
        gc.collect()
        started = time.perf_counter()
        snapshots.build(load_catalog(root / "content"))
        first_start = time.perf_counter() - started
        gc.collect()
        started = time.perf_counter()
        words = IndexSnapshots(root / "index").build(load_catalog(root / "content"))
        words_start = time.perf_counter() - started
        before = rss_mb()
        started = time.perf_counter()
        meaning = CatalogMeaning.build(catalog.articles, encoder, root / "vectors")  # type: ignore[arg-type]
        meaning_load = time.perf_counter() - started
        hybrid = snapshots.build(catalog, meaning)
        vectors_mb = meaning.nbytes / 1e6
        queries = make_queries(fields, count, SEED)
        mix = [q for kind in (queries.keyword, queries.question, queries.misspelled) for q, _ in kind]
        mix = [f"{text} {n}" for n, text in enumerate(mix)]  # unique texts: every query is embedded
        rows = []
        for name, index in (("words only", words), ("hybrid", hybrid)):
            p50, p99, cpu = latencies(index, mix)
            rows.append(f"{size:>8}  {name:<11} {p50:>8.2f} {p99:>8.2f} {cpu:>8.2f}")
        rows.append(
            f"          first start: load and index words {first_start:.2f} s (writes the index snapshot)"
        )
        rows.append(
            f"          restart: load and read the index snapshot {words_start:.2f} s; vectors from cache "
            f"{meaning_load:.2f} s; in all {words_start + meaning_load:.2f} s "
            f"({texts:,} texts, {vectors_mb:.0f} MB held, RSS +{rss_mb() - before:.0f} MB); "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        return rows


def embedding_rate(encoder: object, count: int = 200) -> float:
    catalog = load_catalog(CONTENT)
    texts, _ = CatalogMeaning.texts(catalog.articles)
    sample = [f"{texts[i % len(texts)]} ({i})" for i in range(count)]
    started = time.perf_counter()
    encoder.embed_documents(sample)  # type: ignore[attr-defined]
    return count / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench hybrid", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=150, help="queries per kind (keyword, question, typo)")
    args = parser.parse_args(argv)
    before = rss_mb()
    started = time.perf_counter()
    encoder = load_encoder("minilm-int8")
    if isinstance(encoder, SemanticUnavailable):
        print(f"model unavailable: {encoder}")
        return 1
    print(f"model load {time.perf_counter() - started:.2f} s, RSS +{rss_mb() - before:.0f} MB")
    rate = embedding_rate(encoder)
    print(f"first-time embedding: {rate:.1f} texts/s (an article is its whole text plus up to 4 passages)")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    print(f"{'articles':>8}  {'engine':<11} {'p50 ms':>8} {'p99 ms':>8} {'CPU p50':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        for row in bench_size(size, args.queries, encoder):
            print(row, flush=True)
    return 0
