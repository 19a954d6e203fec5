"""Hostile YAML in any file the bot reads: alias bombs, self-reference and sheer size are refused, located, fast."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from bot.cli.main import cli
from bot.core.catalog import parse_article, parse_categories
from bot.core.catalog.yamldoc import MAX_YAML_CHARS, YamlIssue, read_yaml
from bot.core.digest import parse_declared


def alias_bomb(levels: int, key: str = "x") -> str:
    """The classic "billion laughs": each level lists the previous one nine times (9**levels values)."""
    lines = [f"{key}0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"{key}{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_at_the_line_of_the_first_alias() -> None:
    issue = read_yaml(alias_bomb(9), first_line=3)

    assert isinstance(issue, YamlIssue)
    assert issue.line == 4
    assert "aliases" in issue.message
    assert "write the values out" in issue.message


def test_alias_that_contains_itself_is_refused() -> None:
    issue = read_yaml("ok: 1\nloop: &me [a, *me]\n")

    assert isinstance(issue, YamlIssue)
    assert (issue.line, "refers to its own value" in issue.message) == (2, True)


def test_a_modest_alias_is_still_allowed() -> None:
    doc = read_yaml("base: &b [jwt, sessions]\ncopy: *b\n")

    assert not isinstance(doc, YamlIssue)


def test_front_matter_alias_bomb_is_a_problem_on_that_article(tmp_path: Path) -> None:
    text = (
        "---\ntitle: T\ncategory: Security\nsummary: S\nread_time: 3\n" + alias_bomb(6, "t") + "---\nBody\n"
    )

    parsed = parse_article(text.encode(), tmp_path / "bomb.md")

    assert parsed.article is None
    assert [(p.line, "aliases" in p.message) for p in parsed.problems] == [(7, True)]


def test_categories_file_alias_bomb_describes_nothing_and_says_why(tmp_path: Path) -> None:
    result = parse_categories(("Security:\n  aliases: [sec]\n" + alias_bomb(7)).encode(), tmp_path / "c.yml")

    assert result.categories == ()
    assert [(p.line, "aliases" in p.message) for p in result.problems] == [(4, True)]


def test_digests_file_alias_bomb_applies_nothing() -> None:
    declared = parse_declared("Security: [C0AAAA1]\n" + alias_bomb(6))

    assert (declared.complete, declared.pairs) == (False, frozenset())
    assert declared.problems[0].startswith("line 3: not valid YAML (YAML aliases")


def test_oversized_digests_file_is_refused_without_parsing_it() -> None:
    text = "".join(f"Security{n}: [C0AAAA{n % 10}]\n" for n in range(MAX_YAML_CHARS // 20))

    declared = parse_declared(text)

    assert declared.complete is False
    assert f"at most {MAX_YAML_CHARS:,}" in declared.problems[0]


def test_check_reports_a_hostile_digests_file_at_path_and_line(tmp_path: Path) -> None:
    (tmp_path / "digests.yml").write_text("Security: [C0AAAA1]\n" + alias_bomb(9), encoding="utf-8")

    result = CliRunner().invoke(cli, ["check", str(tmp_path)])

    assert result.exit_code == 1
    assert result.stdout.startswith(f"{tmp_path / 'digests.yml'}:3: not valid YAML (YAML aliases")


def test_check_reports_a_bad_channel_in_digests_file(tmp_path: Path) -> None:
    (tmp_path / "digests.yml").write_text("Security:\n  - C0AAAA1\n  - '#general'\n", encoding="utf-8")

    result = CliRunner().invoke(cli, ["check", str(tmp_path)])

    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"{tmp_path / 'digests.yml'}:3: 'Security': '#general' is not a channel ID"
    )


def test_problem_messages_quote_user_data_cut_short(tmp_path: Path) -> None:
    key = "k" * 1000
    text = (
        f"---\ntitle: T\ncategory: Security\nsummary: S\nread_time: {'9x' * 4000}\n{key}: 1\n{key}: 2\n---\n"
    )

    parsed = parse_article(text.encode(), tmp_path / "long.md")

    assert len(parsed.problems) == 2
    assert all(len(problem.message) < 200 for problem in parsed.problems)


def test_nesting_beyond_the_parser_depth_limit_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    text = "---\ntitle: T\ncategory: Security\nsummary: S\nread_time: 3\ntags: " + "[" * 50_000 + "\n---\n"

    parsed = parse_article(text.encode(), tmp_path / "deep.md")

    assert parsed.article is None
    assert [(p.line, "nesting depth" in p.message) for p in parsed.problems] == [(6, True)]
