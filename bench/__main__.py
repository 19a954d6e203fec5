"""`python -m bench NAME [OPTIONS]`: run one benchmark; `all` runs every one with its defaults; no NAME lists them.

Adding a benchmark is one line in `BENCHMARKS`: its name and the module whose `main(argv)` runs it.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "catalog": "bench.catalog_load",
    "search": "bench.search_bench",
    "digest": "bench.digest_bench",
    "slack": "bench.slack_bench",
    "embedding": "bench.embedding_bench",
    "hybrid": "bench.hybrid_bench",
    "embedding-quality": "bench.embedding_quality",
    "deploy": "bench.deploy_bench",
    "report": "bench.report_bench",
}


def main(argv: list[str]) -> int:
    if argv[:1] == ["all"]:
        return max(run(name, []) for name in BENCHMARKS)
    if not argv or argv[0] in {"-h", "--help"} or argv[0] not in BENCHMARKS:
        if argv and argv[0] not in {"-h", "--help"}:
            print(f"unknown benchmark {argv[0]!r}", file=sys.stderr)
        print("usage: python -m bench NAME [OPTIONS]   (NAME --help for its options)")
        print("benchmarks: " + ", ".join(sorted(BENCHMARKS)))
        return 0 if not argv or argv[0] in {"-h", "--help"} else 2
    return run(argv[0], argv[1:])


def run(name: str, argv: list[str]) -> int:
    print(f"== bench {name}", flush=True)
    module = importlib.import_module(BENCHMARKS[name])
    return int(module.main(argv) or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
