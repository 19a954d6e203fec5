"""`categories.yml`: descriptions, emoji and aliases; every way it can be wrong; and its absence."""

from __future__ import annotations

from pathlib import Path

from bot.core.catalog import Category, load_catalog, parse_categories


def parse(text: str) -> tuple[tuple[Category, ...], list[str]]:
    result = parse_categories(text.encode("utf-8"), Path("categories.yml"))
    return result.categories, [f"{problem.line}: {problem.message}" for problem in result.problems]


def test_entries_give_description_emoji_and_aliases_in_file_order() -> None:
    categories, problems = parse(
        "Zeta:\n  description: Last letter.\n  emoji: ':z:'\n  aliases: [z]\nAlpha:\n  aliases: [a, first]\n"
    )

    assert problems == []
    assert categories == (
        Category("Zeta", "Last letter.", ":z:", ("z",)),
        Category("Alpha", "", "", ("a", "first")),
    )


def test_category_with_no_details_is_allowed() -> None:
    assert parse("Security:\n") == ((Category("Security"),), [])


def test_empty_file_describes_nothing() -> None:
    assert parse("# nothing yet\n") == ((), [])


def test_bad_yaml_is_reported_with_its_line_and_nothing_is_described() -> None:
    categories, problems = parse("Security:\n  aliases: [sec\nOps:\n  description: x\n")

    assert categories == ()
    assert len(problems) == 1
    assert problems[0].startswith("3: invalid YAML")


def test_list_instead_of_mapping_is_a_shape_problem() -> None:
    categories, problems = parse("- Security\n- Ops\n")

    assert categories == ()
    assert problems == [
        "1: expected one entry per category, like 'Security:' then indented description, emoji and aliases"
    ]


def test_entry_that_is_text_is_dropped_with_a_problem() -> None:
    categories, problems = parse("Security: how we stay safe\nOps:\n")

    assert [category.name for category in categories] == ["Ops"]
    assert problems == [
        "1: 'Security': expected one entry per category, like 'Security:' then indented description, emoji and "
        "aliases"
    ]


def test_aliases_given_as_text_are_a_problem() -> None:
    categories, problems = parse("Security:\n  aliases: sec\n")

    assert categories == (Category("Security"),)
    assert problems == ["2: aliases of 'Security' must be a list, like 'aliases: [sec, appsec]'"]


def test_misspelled_entry_field_suggests_the_known_one() -> None:
    _, problems = parse("Security:\n  alias: [sec]\n")

    assert problems == ["2: unknown field 'alias' in 'Security': did you mean 'aliases'?"]


def test_alias_claimed_by_two_categories_is_kept_by_the_first() -> None:
    categories, problems = parse("Ops:\n  aliases: [infra]\nPlatform:\n  aliases:\n  - infra\n  - plat\n")

    assert categories[1].aliases == ("plat",)
    assert problems == ["5: alias 'infra' of 'Platform' clashes: it is already an alias of 'Ops' (line 2)"]


def test_alias_that_is_another_category_name_is_a_clash() -> None:
    _, problems = parse("Security:\n  aliases: [ops]\nOps:\n")

    assert problems == ["2: alias 'ops' of 'Security' clashes: it is already a category (line 3)"]


def test_same_category_twice_is_a_problem() -> None:
    categories, problems = parse("Security:\nsecurity:\n")

    assert categories == (Category("Security"),)
    assert problems == ["2: category 'security' is already listed as 'Security' on line 1"]


def test_description_that_is_a_list_is_a_problem() -> None:
    _, problems = parse("Security:\n  description: [a, b]\n")

    assert problems == ["2: description of 'Security' must be text"]


def test_broken_categories_file_leaves_articles_served_with_categories_from_them(catalog_dir: Path) -> None:
    (catalog_dir / "categories.yml").write_text("Security: [unclosed\n", encoding="utf-8")

    catalog = load_catalog(catalog_dir)

    assert len(catalog.articles) == 8
    assert len(catalog.categories) == 5
    assert [problem.path.name for problem in catalog.problems] == ["categories.yml"]


def test_described_category_without_articles_is_listed_with_zero(catalog_dir: Path) -> None:
    with (catalog_dir / "categories.yml").open("a", encoding="utf-8") as handle:
        handle.write("Data:\n  description: Warehouses and pipelines.\n")

    assert load_catalog(catalog_dir).counts()["Data"] == 0
