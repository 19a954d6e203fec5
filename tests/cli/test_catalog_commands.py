"""The command-line contract of `search`, `categories` and `check`: output shapes, exit codes, bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli.main import cli

WriteArticle = Callable[..., Path]
RESULT_KEYS = {"title", "slug", "category", "url", "read_time", "summary", "score", "snippet"}


@pytest.fixture
def run(catalog_dir: Path) -> Callable[..., Result]:
    """Invoke `insights-bot --content-dir <catalog_dir> ARGS...` in-process."""

    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, ["--content-dir", str(catalog_dir), *args], input=input)

    return invoke


def test_search_json_is_one_object_with_the_contract_keys(run: Callable[..., Result]) -> None:
    result = run("search", "refresh", "tokens", "--json")

    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert set(payload) == {"query", "category", "confidence", "results", "suggestions"}
    assert payload["confidence"] == "answer"
    assert payload["query"] == "refresh tokens"
    assert payload["category"] is None
    first = payload["results"][0]
    assert set(first) == RESULT_KEYS
    assert first["slug"] == "securing-user-sessions"
    assert isinstance(first["score"], float)
    assert isinstance(first["read_time"], int)
    assert "**" in first["snippet"]


def test_search_limit_caps_the_results(run: Callable[..., Result]) -> None:
    payload = json.loads(run("search", "security", "--limit", "1", "--json").stdout)

    assert len(payload["results"]) == 1


def test_query_naming_a_category_lists_it(run: Callable[..., Result]) -> None:
    payload = json.loads(run("search", "sec", "--json").stdout)

    assert payload["category"] == "Security"
    assert {result["category"] for result in payload["results"]} == {"Security"}


def test_category_option_accepts_an_alias_and_filters(run: Callable[..., Result]) -> None:
    payload = json.loads(run("search", "containers", "--category", "devops", "--json").stdout)

    assert payload["category"] == "Cloud & DevOps"
    assert {result["category"] for result in payload["results"]} == {"Cloud & DevOps"}


def test_unknown_category_exits_2_listing_the_categories(run: Callable[..., Result]) -> None:
    result = run("search", "tokens", "--category", "Gardening")

    assert result.exit_code == 2
    assert "unknown category 'Gardening'" in result.stderr
    assert "Architecture, Cloud & DevOps, Engineering, Leadership, Security" in result.stderr


def test_unanswerable_question_gives_no_results_and_marked_suggestions(run: Callable[..., Result]) -> None:
    result = run("search", "how", "do", "I", "request", "parental", "leave?")

    assert result.exit_code == 0
    assert result.stdout.startswith('No articles match "how do I request parental leave?".')
    assert "1. " not in result.stdout


def test_suggestions_in_json_say_what_kind_they_are(run: Callable[..., Result]) -> None:
    payload = json.loads(run("search", "how do I request parental leave?", "--json").stdout)

    assert payload["confidence"] == "none"
    assert payload["results"] == []
    assert payload["suggestions"], "on words alone, a near miss comes with the closest titles"
    for suggestion in payload["suggestions"]:
        assert set(suggestion) == {"kind", "name", "slug"}
        assert suggestion["kind"] in {"article", "category"}


def test_human_output_numbers_results_with_category_and_read_time(run: Callable[..., Result]) -> None:
    result = run("search", "stripe", "webhooks")

    assert result.exit_code == 0
    assert "1. Building Subscription Payments: Stripe from Design to Production" in result.stdout
    assert "Architecture · 30 min read · building-subscription-payments" in result.stdout


@pytest.mark.parametrize("query", ["", "   ", "\x01\x02\x1b"])
def test_empty_query_exits_2_with_a_message(run: Callable[..., Result], query: str) -> None:
    result = run("search", query)

    assert result.exit_code == 2
    assert "Type a few words to search for" in result.stderr
    assert "Traceback" not in result.output


def test_ten_thousand_character_query_exits_2_with_a_message(run: Callable[..., Result]) -> None:
    result = run("search", "a" * 10_000)

    assert result.exit_code == 2
    assert "10,000 characters long" in result.stderr


def test_control_characters_inside_a_query_are_dropped(run: Callable[..., Result]) -> None:
    payload = json.loads(run("search", "stripe\x00\x07", "--json").stdout)

    assert payload["query"] == "stripe"
    assert payload["results"][0]["slug"] == "building-subscription-payments"


def test_missing_content_folder_exits_2_with_a_message(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--content-dir", str(tmp_path / "gone"), "search", "x"])

    assert result.exit_code == 2
    assert f"content folder {tmp_path / 'gone'} does not exist" in result.stderr


def test_search_warns_on_stderr_about_skipped_files(
    run: Callable[..., Result], catalog_dir: Path, write_article: WriteArticle
) -> None:
    write_article(catalog_dir, "security/bad.md", read_time=0)

    result = run("search", "stripe", "--json")

    assert result.exit_code == 0
    assert "1 file with problems" in result.stderr
    json.loads(result.stdout)


def test_piped_queries_answer_one_json_object_per_line(run: Callable[..., Result]) -> None:
    result = run("search", "--json", "--limit", "1", input="stripe\n\nkubernetes\n")

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [json.loads(line)["query"] for line in lines] == ["stripe", "kubernetes"]


def test_piped_bad_line_is_reported_the_rest_answered_and_exit_is_1(run: Callable[..., Result]) -> None:
    result = run("search", "--json", input="\x01\nstripe\n")

    assert result.exit_code == 1
    assert [json.loads(line)["query"] for line in result.stdout.splitlines()] == ["stripe"]
    assert "Type a few words" in result.stderr


def test_categories_json_lists_counts_descriptions_and_aliases(run: Callable[..., Result]) -> None:
    payload = json.loads(run("categories", "--json").stdout)

    security = next(entry for entry in payload["categories"] if entry["name"] == "Security")
    assert security == {
        "name": "Security",
        "articles": 2,
        "description": "How software is attacked, and how sessions, tokens and 2FA keep it safe.",
        "emoji": ":lock:",
        "aliases": ["sec", "appsec", "infosec"],
    }


def test_categories_human_output_shows_counts(run: Callable[..., Result]) -> None:
    result = run("categories")

    assert result.exit_code == 0
    assert "Cloud & DevOps (2 articles)" in result.stdout
    assert "Leadership (1 article)" in result.stdout


def test_check_clean_catalog_exits_0_with_a_one_line_summary(run: Callable[..., Result]) -> None:
    result = run("check")

    assert result.exit_code == 0
    assert result.stdout == "8 articles in 5 categories, no problems\n"


def test_check_shipped_catalog_is_clean() -> None:
    result = CliRunner().invoke(cli, ["check"])

    assert result.exit_code == 0
    assert result.stdout == "28 articles in 5 categories, no problems\n"


def test_check_prints_every_problem_and_exits_1(
    run: Callable[..., Result], catalog_dir: Path, write_article: WriteArticle
) -> None:
    bad = write_article(catalog_dir, "security/bad.md", read_time=0, url="nope")

    result = run("check", str(catalog_dir))

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{bad}:5: read_time must be at least 1 minute (got 0)",
        f"{bad}:6: url must be an http:// or https:// link (got 'nope')",
    ]
    assert "2 problems in 1 file; 8 articles in 5 categories loaded" in result.stderr


def test_check_github_format_annotates_file_and_line(
    run: Callable[..., Result], catalog_dir: Path, write_article: WriteArticle
) -> None:
    bad = write_article(catalog_dir, "security/bad.md", read_time=0)

    result = run("check", "--format", "github")

    assert result.exit_code == 1
    assert result.stdout == f"::error file={bad},line=5::read_time must be at least 1 minute (got 0)\n"


def test_check_json_format_lists_problems(
    run: Callable[..., Result], catalog_dir: Path, write_article: WriteArticle
) -> None:
    write_article(catalog_dir, "security/bad.md", read_time=0)

    payload = json.loads(run("check", "--format", "json").stdout)

    assert payload["articles"] == 8
    assert [(problem["line"], problem["message"]) for problem in payload["problems"]] == [
        (5, "read_time must be at least 1 minute (got 0)")
    ]


def test_check_directory_argument_overrides_the_setting(tmp_path: Path, write_article: WriteArticle) -> None:
    write_article(tmp_path, "one.md")

    result = CliRunner().invoke(cli, ["check", str(tmp_path)])

    assert (result.exit_code, result.stdout) == (0, "1 article in 1 category, no problems\n")


def test_check_missing_directory_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "gone")])

    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_commands_have_help_with_an_example(run: Callable[..., Result]) -> None:
    for command in ("search", "categories", "check"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "Example: insights-bot " + command in result.stdout


def test_search_with_nothing_on_stdin_says_what_it_wanted(run: Callable[..., Result]) -> None:
    result = run("search", input="")
    assert result.exit_code == 2
    assert "no query: give words" in result.output
