"""Catalog loading and live-reload costs on synthetic content folders, beside the obvious alternatives.

Run: .venv/bin/python -m bench.catalog_load [--sizes 1000 10000] [--repeat 3]

Loading, per folder size:
  frontmatter.load    python-frontmatter on every file (libyaml when installed), no validation: the naive loader
  yaml C, no lines    python-frontmatter's split + libyaml safe_load: the fastest parse, but no line numbers
  load_catalog        ours: libyaml node tree (one parse, lines kept), every check, duplicate/category checks
  SearchIndex.build   the search index over the loaded catalog, for scale: a reload pays load + build
Live reload, per folder size (index build included where a snapshot is swapped):
  poll, no change     LiveCatalog.check_once() when nothing changed: stat every file, nothing re-read
  poll, one edit      check_once() after one file changed: re-read it, re-assemble, rebuild the index, swap
  full reload         a fresh LiveCatalog: read and parse everything, build the index
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import frontmatter
import yaml

from bot.core.catalog import discover, load_catalog
from bot.core.search import SearchIndex
from bot.live_catalog import LiveCatalog

CATEGORIES = ("Architecture", "Cloud & DevOps", "Engineering", "Leadership", "Security")
_SYLLABLES = ("ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "ve", "zu", "dra", "kin", "tor", "len", "bas")


def _words(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))) for _ in range(count)]


def write_catalog(folder: Path, size: int, seed: int = 7) -> None:
    """`size` articles of a few hundred words each, spread over five category folders."""
    rng = random.Random(seed)
    vocabulary = _words(rng, 5000)
    for number in range(size):
        category = CATEGORIES[number % len(CATEGORIES)]
        title = " ".join(rng.choices(vocabulary, k=6)).capitalize()
        summary = " ".join(rng.choices(vocabulary, k=30)).capitalize() + "."
        tags = rng.sample(vocabulary, k=5)
        sentences = [
            " ".join(rng.choices(vocabulary, k=rng.randint(8, 20))).capitalize() + "." for _ in range(25)
        ]
        front = yaml.safe_dump(
            {
                "title": f"{title} {number}",
                "category": category,
                "summary": summary,
                "read_time": rng.randint(3, 30),
                "tags": tags,
                "published": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            },
            sort_keys=False,
        )
        path = folder / category.lower().replace(" & ", "-") / f"article-{number:06d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front}---\n\n{' '.join(sentences)}\n", encoding="utf-8")


def load_with_frontmatter(folder: Path) -> int:
    return sum(1 for path in discover(folder) if frontmatter.load(str(path)).metadata)


def load_with_c_yaml(folder: Path) -> int:
    handler = frontmatter.YAMLHandler()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    count = 0
    for path in discover(folder):
        front, _body = handler.split(path.read_text(encoding="utf-8"))
        count += bool(yaml.load(front, Loader=loader))  # noqa: S506 - CSafeLoader is the safe loader
    return count


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median wall time in seconds over `repeat` runs."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def bench_size(size: int, repeat: int) -> list[tuple[str, float]]:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "content"
        write_catalog(folder, size)
        assert len(load_catalog(folder).articles) == size
        rows = [
            ("load: frontmatter.load", timed(lambda: load_with_frontmatter(folder), repeat)),
            ("load: yaml C, no lines", timed(lambda: load_with_c_yaml(folder), repeat)),
            ("load: load_catalog", timed(lambda: load_catalog(folder), repeat)),
        ]
        catalog = load_catalog(folder)
        rows.append(("index: SearchIndex.build", timed(lambda: SearchIndex.build(catalog), repeat)))
        live = LiveCatalog(folder)
        time.sleep(2.1)  # let every file's mtime age past the racy window, as in a long-running bot
        live.check_once()
        rows.append(("live: poll, no change", timed(live.check_once, repeat)))
        edited = discover(folder)[size // 2]
        original = edited.read_text(encoding="utf-8")

        def edit_and_poll() -> None:
            edited.write_text(original.replace("read_time:", "read_time: 1\nx_edit:", 1), encoding="utf-8")
            assert live.check_once() is not None
            edited.write_text(original, encoding="utf-8")
            assert live.check_once() is not None

        rows.append(("live: poll, one edit", timed(edit_and_poll, repeat) / 2))
        rows.append(("live: full reload", timed(lambda: LiveCatalog(folder), repeat)))
        return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    results = {size: dict(bench_size(size, args.repeat)) for size in args.sizes}
    names = list(next(iter(results.values())))
    header = f"{'seconds (median of ' + str(args.repeat) + ')':<28}" + "".join(
        f"{size:>12,}" for size in args.sizes
    )
    print(header)
    for name in names:
        print(f"{name:<28}" + "".join(f"{results[size][name]:>12.3f}" for size in args.sizes))


if __name__ == "__main__":
    main()
