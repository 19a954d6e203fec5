"""`insights-bot eval`: measure search quality on the labelled queries, per kind of query.

The labelled set lives in `tests/eval/queries.yml`; `--queries` runs any file of the same shape (a team's
own questions, or a held-out set) against any catalog (`--content-dir`).
"""

from __future__ import annotations

import json
from pathlib import Path

import click
import yaml

from bot.assistant import find
from bot.bootstrap import meaning_for
from bot.cli.context import CliContext, CliError, content_folder, pass_cli
from bot.core.catalog import load_catalog
from bot.core.search import SearchIndex
from bot.core.search.evaluate import LabelledQuery, Outcome, Score, evaluate, unmet_targets

DEFAULT_QUERIES = Path(__file__).resolve().parents[2] / "tests" / "eval" / "queries.yml"


def read_queries(path: Path) -> list[LabelledQuery]:
    """Parse the evaluation file; every problem is reported as `path:entry: message`."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CliError(f"{path}: cannot read queries: {exc}") from None
    entries = document.get("queries") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        raise CliError(f"{path}: expected a non-empty `queries:` list")
    queries = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise CliError(f"{path}: query {number}: expected a mapping with kind, query and expect")
        try:
            queries.append(LabelledQuery.from_mapping(entry))
        except ValueError as exc:
            raise CliError(f"{path}: query {number}: {exc}") from None
    return queries


@click.command("eval")
@click.option(
    "--queries",
    "queries_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_QUERIES,
    show_default="tests/eval/queries.yml",
    help="YAML file of labelled queries.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with scores and misses.")
@click.option("--misses/--no-misses", default=True, show_default=True, help="List the queries missed.")
@click.option("--strict", is_flag=True, help="Exit 1 when a quality target is not met (for CI).")
@pass_cli
def eval_command(cli: CliContext, queries_path: Path, as_json: bool, misses: bool, strict: bool) -> None:
    """Print hit@1, hit@3 and MRR per kind of query (keyword, question, typo, category, no_answer).

    Example: insights-bot eval --queries tests/eval/queries.yml --json
    """
    content_dir = content_folder(cli.settings)
    queries = read_queries(queries_path)
    catalog = load_catalog(content_dir)
    meaning = meaning_for(cli.settings)
    index = SearchIndex.build(catalog, meaning(catalog) if meaning is not None else None)
    scores, outcomes = evaluate(lambda text, depth: find(index, text, limit=depth), queries)
    missed = [o for o in outcomes if o.rank is None or o.rank > 3 or o.any_rank is None]
    unmet = unmet_targets(scores)
    if as_json:
        click.echo(json.dumps(_as_json(scores, missed, unmet), ensure_ascii=False))
    else:
        _print_table(scores, missed if misses else [], unmet)
    if strict and unmet:
        raise SystemExit(1)


def _print_table(scores: list[Score], missed: list[Outcome], unmet: list[str]) -> None:
    click.echo(f"{'kind':<10} {'n':>4} {'hit@1':>7} {'hit@3':>7} {'any@3':>7} {'MRR':>7}")
    for s in scores:
        click.echo(
            f"{s.kind:<10} {s.count:>4} {s.hit_at_1:>7.3f} {s.hit_at_3:>7.3f} {s.any_at_3:>7.3f} {s.mrr:>7.3f}"
        )
    if missed:
        click.echo("\nmissed (not in the top 3):")
        for outcome in missed:
            got = ", ".join(outcome.got[:3]) or "nothing"
            click.echo(f"  [{outcome.query.kind}] {outcome.query.query!r} -> {got}")
    click.echo("\ntargets: " + ("; ".join(unmet) if unmet else "all met"))


def _as_json(scores: list[Score], missed: list[Outcome], unmet: list[str]) -> dict[str, object]:
    return {
        "scores": {
            s.kind: {
                "count": s.count,
                "hit@1": s.hit_at_1,
                "hit@3": s.hit_at_3,
                "any@3": s.any_at_3,
                "mrr": s.mrr,
            }
            for s in scores
        },
        "missed": [
            {"kind": o.query.kind, "query": o.query.query, "expect": list(o.query.expect), "got": list(o.got)}
            for o in missed
        ],
        "unmet_targets": unmet,
    }
