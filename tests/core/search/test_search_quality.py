"""The quality bar of the issue, held on the labelled set, and the `insights-bot eval` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.eval_cmd import DEFAULT_QUERIES, read_queries
from bot.cli.main import cli
from bot.core.search import SearchIndex
from bot.core.search.evaluate import KINDS, evaluate, unmet_targets
from tests.core.search.conftest import CONTENT_DIR
from tests.core.search.finding import finder


def test_labelled_set_is_large_and_covers_every_kind() -> None:
    queries = read_queries(DEFAULT_QUERIES)
    assert len(queries) >= 100
    assert {q.kind for q in queries} == set(KINDS)


def test_labelled_set_names_only_existing_articles_and_categories(shipped_index: SearchIndex) -> None:
    slugs = {article.slug for article in shipped_index.catalog.articles}
    names = {category.name for category in shipped_index.catalog.categories}
    for labelled in read_queries(DEFAULT_QUERIES):
        assert set(labelled.expect) <= (names if labelled.kind == "category" else slugs), labelled


def test_words_alone_meet_the_targets_but_the_unanswerable_one_on_the_labelled_set(
    shipped_index: SearchIndex,
) -> None:
    """Without a model (EMBEDDING_MODEL=off, or a broken one) search degrades to words alone: keywords,
    typos, categories and these questions still meet the bar; unanswerable questions need meaning to reach
    it (tests/search_quality), and words alone keep the floor they had."""
    scores, _ = evaluate(finder(shipped_index), read_queries(DEFAULT_QUERIES))
    assert [line for line in unmet_targets(scores) if not line.startswith("no_answer")] == []
    assert next(s for s in scores if s.kind == "no_answer").hit_at_3 >= 0.88


def test_eval_command_prints_scores_per_kind() -> None:
    result = CliRunner().invoke(cli, ["--content-dir", str(CONTENT_DIR), "eval"])
    assert result.exit_code == 0, result.output
    for kind in (*KINDS, "overall"):
        assert kind in result.output
    assert "hit@3" in result.output


def test_eval_command_json_has_scores_and_misses() -> None:
    result = CliRunner().invoke(cli, ["--content-dir", str(CONTENT_DIR), "eval", "--json"])
    report = json.loads(result.output)
    assert set(report["scores"]) == {*KINDS, "overall"}
    assert 0.0 <= report["scores"]["overall"]["mrr"] <= 1.0
    assert isinstance(report["missed"], list)


def test_eval_command_strict_fails_below_targets(tmp_path: Path) -> None:
    queries = tmp_path / "queries.yml"
    queries.write_text("queries:\n  - {kind: keyword, query: gardening tips, expect: [technical-debt]}\n")
    args = ["--content-dir", str(CONTENT_DIR), "eval", "--queries", str(queries), "--strict"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "keyword: hit@3 0.000" in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("queries: []\n", "non-empty `queries:` list"),
        ("queries:\n  - {kind: guess, query: x}\n", "query 1: kind must be one of"),
        ("queries:\n  - {kind: keyword, query: x}\n", "query 1: a keyword query needs `expect`"),
        ("queries: [\n", "cannot read queries"),
    ],
)
def test_eval_command_reports_bad_query_files_in_one_line(tmp_path: Path, text: str, message: str) -> None:
    queries = tmp_path / "queries.yml"
    queries.write_text(text)
    result = CliRunner().invoke(cli, ["--content-dir", str(CONTENT_DIR), "eval", "--queries", str(queries)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
