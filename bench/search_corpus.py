"""Synthetic catalogs and queries for the search benchmark: deterministic for a given seed.

Words follow a Zipf law over a vocabulary of pseudo-words plus the shipped catalog's own words, so term
statistics look like prose: a few very common words, a long tail of rare ones.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CATEGORIES = ("Architecture", "Cloud & DevOps", "Engineering", "Leadership", "Security", "Data", "Product")
_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "tra",
    "sor",
    "vel",
    "dun",
    "pra",
    "ist",
    "eng",
    "ox",
    "ul",
    "ber",
    "tan",
    "rix",
    "mon",
    "del",
    "fa",
    "quo",
    "zen",
    "ply",
    "ark",
    "sul",
]
VOCABULARY_SIZE = 30_000
BODY_WORDS = 300


@dataclass(frozen=True)
class Queries:
    """Per kind, (query text, slug of the article it was drawn from)."""

    keyword: list[tuple[str, str]]
    question: list[tuple[str, str]]
    misspelled: list[tuple[str, str]]


def vocabulary(seed: int, content_dir: Path) -> list[str]:
    rng = random.Random(seed)
    real = sorted(
        {w.strip(".,:;'()—").lower() for p in content_dir.rglob("*.md") for w in p.read_text().split()}
    )
    words = [w for w in real if w.isalpha() and len(w) > 2]
    seen = set(words)
    while len(words) < VOCABULARY_SIZE:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    rng.shuffle(words)
    return words


class Generator:
    def __init__(self, seed: int, content_dir: Path) -> None:
        self.words = vocabulary(seed, content_dir)
        self.rng = np.random.default_rng(seed)
        ranks = np.arange(1, len(self.words) + 1)
        weights = 1.0 / ranks**1.05
        self.cdf = np.cumsum(weights / weights.sum())

    def sample(self, count: int) -> list[str]:
        picks = np.searchsorted(self.cdf, self.rng.random(count) * self.cdf[-1])
        return [self.words[i] for i in picks]

    def article(self, number: int) -> dict[str, object]:
        title = " ".join(self.sample(6)).capitalize() + f" {number}"  # numbered: titles must be unique
        tags = [w if number % 3 else f"{w}-{self.sample(1)[0]}" for w in self.sample(5)]
        summary = " ".join(self.sample(35)).capitalize() + "."
        body_words = self.sample(BODY_WORDS)
        sentences = [" ".join(body_words[i : i + 15]).capitalize() + "." for i in range(0, BODY_WORDS, 15)]
        return {
            "slug": f"article-{number}",
            "title": title,
            "category": CATEGORIES[number % len(CATEGORIES)],
            "summary": summary,
            "read_time": 3 + number % 20,
            "tags": tags,
            "body": summary + "\n\n" + " ".join(sentences),
        }


def write_catalog(folder: Path, size: int, seed: int, content_dir: Path) -> list[dict[str, object]]:
    """Write `size` Markdown articles under `folder` (one sub-folder per category); returns their fields."""
    generator = Generator(seed, content_dir)
    articles = []
    for number in range(size):
        article = generator.article(number)
        sub = folder / str(article["category"]).lower().replace(" & ", "-")
        sub.mkdir(parents=True, exist_ok=True)
        tags = "\n".join(f"- {tag}" for tag in article["tags"])  # type: ignore[union-attr]
        text = (
            f"---\ntitle: '{article['title']}'\ncategory: {article['category']}\n"
            f"summary: '{article['summary']}'\nread_time: {article['read_time']}\ntags:\n{tags}\n---\n\n"
            f"{article['body']}\n"
        )
        (sub / f"{article['slug']}.md").write_text(text, encoding="utf-8")
        articles.append(article)
    return articles


def make_queries(articles: list[dict[str, object]], count: int, seed: int) -> Queries:
    """Queries aimed at real articles: title/tag keywords, questions from the body, and typos of keywords."""
    rng = random.Random(seed)
    keyword, question, misspelled = [], [], []
    for _ in range(count):
        article = rng.choice(articles)
        tags = [str(tag) for tag in article["tags"]]  # type: ignore[union-attr]
        title_words = str(article["title"]).lower().split()[:-1] + tags
        pair = rng.sample(title_words, 2)
        slug = str(article["slug"])
        keyword.append((" ".join(pair), slug))
        body = str(article["body"]).lower().replace(".", "").split()
        a, b, c = rng.sample(body, 3)
        question.append((f"how do we {a} the {b} when {c}?", slug))
        long_words = [w for w in pair if len(w) >= 5] or pair
        target = rng.choice(long_words)
        misspelled.append((" ".join(typo(w, rng) if w == target else w for w in pair), slug))
    return Queries(keyword, question, misspelled)


def typo(word: str, rng: random.Random) -> str:
    """One realistic slip: a dropped, doubled, swapped or replaced letter, rarely the first one."""
    if len(word) < 4:
        return word
    i = rng.randint(0 if rng.random() < 0.1 else 1, len(word) - 2)
    kind = rng.choice(("drop", "double", "swap", "replace"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeiourstln") + word[i + 1 :]
