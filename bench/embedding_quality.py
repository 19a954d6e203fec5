"""Embedding-only retrieval quality on the labelled query sets: what the model finds with no lexical help.

Run: .venv/bin/python -m bench embedding-quality [--model minilm-int8]

Per file in tests/eval/ and per kind (keyword, question, typo): hit@3, the share of queries whose expected article
is among the three with the highest cosine. For no-answer queries it prints the median of the best cosine, beside
the same median for answerable queries: how far apart the two lie is what an on-topic threshold can use (tune
such a threshold on queries.yml, never on a held-out file you report).
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

import numpy as np
import yaml

from bot.core.catalog import load_catalog
from bot.semantic import DocumentVectors, SemanticUnavailable, load_encoder, similarities

ROOT = Path(__file__).resolve().parent.parent
FILES = ("queries.yml", "holdout.yml", "holdout2.yml")
RANKED = ("keyword", "question", "typo")


def evaluate(path: Path, slugs: tuple[str, ...], score) -> dict[str, str]:
    hits: dict[str, list[bool]] = {kind: [] for kind in RANKED}
    best: dict[str, list[float]] = {"answerable": [], "no_answer": []}
    for query in yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]:
        if query["kind"] not in (*RANKED, "no_answer"):
            continue
        scores = score(query["query"])
        if query["kind"] == "no_answer":
            best["no_answer"].append(float(scores.max()))
            continue
        best["answerable"].append(float(scores.max()))
        top = {slugs[index] for index in np.argsort(-scores)[:3]}
        hits[query["kind"]].append(bool(top & set(query["expect"])))
    row = {kind: f"{sum(found) / len(found):.3f} ({len(found)})" for kind, found in hits.items() if found}
    row.update({f"best cosine, {key}": f"{statistics.median(v):.2f}" for key, v in best.items() if v})
    return row


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench embedding-quality", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--model", default="minilm-int8", help="an EMBEDDING_MODEL value")
    args = parser.parse_args(argv)
    encoder = load_encoder(args.model)
    if isinstance(encoder, SemanticUnavailable):
        print(encoder)
        return 1
    catalog = load_catalog(ROOT / "content")
    vectors = DocumentVectors.build(catalog.articles, encoder, None)
    print(f"{encoder.model_id}, {len(vectors.slugs)} articles; hit@3 (queries)")
    for name in FILES:
        row = evaluate(
            ROOT / "tests" / "eval" / name,
            vectors.slugs,
            lambda text: similarities(vectors.matrix, encoder.embed_query(text)),
        )
        print(f"  {name:<13} " + "  ".join(f"{key}: {value}" for key, value in row.items()))
    return 0
