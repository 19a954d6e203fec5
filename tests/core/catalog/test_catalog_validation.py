"""Every validation message, located at the real line of the offending key (`path:line: message`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.catalog import load_catalog, parse_article

HEADER = "---\n"
GOOD = "title: Good\ncategory: Security\nsummary: A summary.\nread_time: 5\n"


def problems_of(text: str | bytes) -> list[str]:
    """Parse one file's content and return its problems as `line: message` strings."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    parsed = parse_article(data, Path("a.md"))
    return [f"{problem.line}: {problem.message}" for problem in parsed.problems]


def test_valid_file_has_no_problems() -> None:
    assert problems_of(f"{HEADER}{GOOD}---\nBody\n") == []


@pytest.mark.parametrize("field", ["title", "category", "summary", "read_time"])
def test_missing_required_field_is_reported_at_the_opening_line(field: str) -> None:
    front = "".join(line + "\n" for line in GOOD.splitlines() if not line.startswith(field))

    assert problems_of(f"{HEADER}{front}---\n") == [f"1: missing required field: {field}"]


def test_several_missing_fields_are_named_in_one_message() -> None:
    assert problems_of("---\ntitle: Only a title\n---\n") == [
        "1: missing required fields: category, summary, read_time"
    ]


def test_misspelled_field_name_suggests_the_known_one() -> None:
    text = "---\ntittle: Good\ncategory: Security\nsummary: s\nread_time: 5\n---\n"

    assert problems_of(text) == [
        "2: unknown field 'tittle': did you mean 'title'?",
        "1: missing required field: title",
    ]


def test_unrelated_extra_fields_are_allowed() -> None:
    assert problems_of(f"{HEADER}{GOOD}reviewers: [ana]\n---\n") == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("five", "read_time must be a whole number of minutes, like 'read_time: 8' (got 'five')"),
        ("'5'", "read_time must be a whole number of minutes, like 'read_time: 8' (got '5')"),
        ("2.5", "read_time must be a whole number of minutes, like 'read_time: 8' (got '2.5')"),
        ("true", "read_time must be a whole number of minutes, like 'read_time: 8' (got 'true')"),
        ("0", "read_time must be at least 1 minute (got 0)"),
        ("-3", "read_time must be at least 1 minute (got -3)"),
    ],
)
def test_read_time_must_be_a_positive_whole_number(value: str, message: str) -> None:
    text = f"---\ntitle: T\ncategory: Security\nsummary: s\nread_time: {value}\n---\n"

    assert problems_of(text) == [f"5: {message}"]


def test_tags_given_as_a_string_are_rejected_at_their_line() -> None:
    assert problems_of(f"{HEADER}{GOOD}tags: jwt, sessions\n---\n") == [
        "6: tags must be a list of words, like 'tags: [jwt, sessions]'"
    ]


def test_tag_that_is_a_list_is_rejected_at_the_item_line() -> None:
    assert problems_of(f"{HEADER}{GOOD}tags:\n- jwt\n- [a, b]\n---\n") == [
        "8: each tag must be a word or phrase, not empty or a list"
    ]


@pytest.mark.parametrize("url", ["ftp://example.com/x", "example.com/x", "https://", "https://exa mple.com"])
def test_url_must_be_an_http_link(url: str) -> None:
    assert problems_of(f"{HEADER}{GOOD}url: '{url}'\n---\n") == [
        f"6: url must be an http:// or https:// link (got '{url}')"
    ]


@pytest.mark.parametrize("value", ["soon", "2024-13-01", "31/03/2024"])
def test_published_must_be_a_date(value: str) -> None:
    assert problems_of(f"{HEADER}{GOOD}published: {value}\n---\n") == [
        f"6: published must be a date like 2024-03-31 (got '{value}')"
    ]


def test_empty_title_is_reported() -> None:
    text = "---\ntitle:\ncategory: Security\nsummary: s\nread_time: 5\n---\n"

    assert problems_of(text) == ["2: title is empty: write it on the same line, like 'title: ...'"]


def test_title_given_as_a_list_is_not_text() -> None:
    text = "---\ntitle: [a, b]\ncategory: Security\nsummary: s\nread_time: 5\n---\n"

    assert problems_of(text) == ["2: title is not text: write it on the same line, like 'title: ...'"]


def test_duplicate_key_points_at_the_repeat_and_the_first() -> None:
    assert problems_of(f"{HEADER}{GOOD}title: Again\n---\n") == [
        "6: duplicate key 'title' (first given on line 2)"
    ]


def test_empty_file_is_reported() -> None:
    assert problems_of(b"") == [
        "1: empty file: expected front matter between two '---' lines, then the article text"
    ]


def test_whitespace_only_file_is_empty() -> None:
    assert problems_of("\n  \n\n")[0].startswith("1: empty file")


def test_non_utf8_file_is_reported_at_the_line_of_the_bad_byte() -> None:
    data = f"{HEADER}{GOOD}---\nCaf\xe9\n".encode("latin-1")

    assert problems_of(data) == ["7: not UTF-8 text (byte 0xe9 on this line): save the file as UTF-8"]


def test_missing_front_matter_is_reported() -> None:
    assert problems_of("# Just markdown\n\nNo front matter here.\n") == [
        "1: no front matter: start the file with a '---' line, then title, category, summary and read_time, "
        "then another '---' line"
    ]


def test_unclosed_front_matter_is_reported_at_the_opening_line() -> None:
    assert problems_of(f"\n{HEADER}{GOOD}") == [
        "2: front matter is not closed: add a '---' line after the last field"
    ]


def test_yaml_syntax_error_carries_the_yaml_error_line() -> None:
    text = "---\ntitle: Good\ncategory: Security\nsummary: a: b\nread_time: 5\n---\n"

    assert problems_of(text) == ["4: invalid YAML: mapping values are not allowed in this context"]


def test_unclosed_bracket_names_the_line_where_it_opened() -> None:
    text = "---\ntitle: Good\ntags: [a, b\nsummary: s\n---\n"

    (problem,) = problems_of(text)
    assert problem.startswith("4: invalid YAML: ")
    assert "started on line 3" in problem


def test_yaml_error_lines_count_leading_blank_lines() -> None:
    text = "\n\n---\ntitle: Good\ncategory: Security\nsummary: a: b\n---\n"

    assert problems_of(text)[0].startswith("6: invalid YAML")


def test_front_matter_that_is_a_list_is_reported() -> None:
    assert problems_of("---\n- title\n- category\n---\n") == [
        "2: front matter must be 'key: value' lines, like 'title: Securing sessions'"
    ]


def test_problems_print_as_path_line_message(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: T\ncategory: Security\nsummary: s\nread_time: 0\n---\n")

    (problem,) = load_catalog(tmp_path).problems

    assert str(problem) == f"{tmp_path / 'a.md'}:5: read_time must be at least 1 minute (got 0)"


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    text = "---\ntitle: T\ncategory: Security\nsummary: s\nread_time: x\ntags: t\nurl: nope\n---\n"

    assert [problem.split(":")[0] for problem in problems_of(text)] == ["5", "6", "7"]
