"""Whatever bytes are in a content file, parsing reports problems at real lines and never raises."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.catalog import parse_article, parse_categories

FIELD_LINES = st.sampled_from(
    [
        "title: A title",
        "category: Security",
        "summary: s",
        "read_time: 5",
        "read_time: [1, 2]",
        "tags: [a, b",
        "tags:\n- x\n- {a: b}",
        "published: 2024-02-30",
        "url: http://",
        "title: title: again",
        "  indented: x",
        "\ttab: x",
        "- item",
        "? complex",
        "&anchor key: *anchor",
        "---",
        "",
    ]
)


def _assert_located(data: bytes, problems: tuple) -> None:
    last_line = data.count(b"\n") + 1
    for problem in problems:
        assert 1 <= problem.line <= last_line, problem


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.binary(max_size=400))
def test_any_bytes_parse_without_raising(data: bytes) -> None:
    parsed = parse_article(data, Path("a.md"))

    assert (parsed.article is None) == bool(parsed.problems)
    _assert_located(data, parsed.problems)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(FIELD_LINES, max_size=12), st.text(max_size=40))
def test_front_matter_made_of_odd_lines_parses_without_raising(lines: list[str], body: str) -> None:
    data = ("---\n" + "\n".join(lines) + "\n---\n" + body).encode("utf-8", "surrogatepass")

    parsed = parse_article(data, Path("a.md"))

    _assert_located(data, parsed.problems)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.lists(FIELD_LINES, max_size=12))
def test_any_categories_file_parses_without_raising(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8")

    _assert_located(data, parse_categories(data, Path("categories.yml")).problems)


def test_deeply_nested_yaml_is_a_problem_not_a_crash() -> None:
    data = ("---\ntitle: " + "[" * 100_000 + "\n---\n").encode()

    (problem,) = parse_article(data, Path("a.md")).problems

    assert problem.line == 2
    assert problem.message.startswith("invalid YAML")
