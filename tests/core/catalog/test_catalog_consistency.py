"""Checks across articles: category spelling and aliases, duplicate titles and slugs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.core.catalog import assemble, load_article, load_catalog

WriteArticle = Callable[..., Path]


def messages(folder: Path) -> list[str]:
    return [
        f"{problem.path.name}:{problem.line}: {problem.message}" for problem in load_catalog(folder).problems
    ]


def test_misspelled_category_suggests_the_known_one(catalog_dir: Path, write_article: WriteArticle) -> None:
    write_article(catalog_dir, "security/typo.md", category="Secuirty")

    assert messages(catalog_dir) == ["typo.md:3: unknown category 'Secuirty': did you mean 'Security'?"]
    assert load_catalog(catalog_dir).by_slug("typo") is None


def test_category_typo_close_to_an_alias_names_the_category(
    catalog_dir: Path, write_article: WriteArticle
) -> None:
    write_article(catalog_dir, "cloud-devops/typo.md", category="infrastucture")

    assert messages(catalog_dir) == [
        "typo.md:3: unknown category 'infrastucture': did you mean 'Cloud & DevOps'?"
    ]


def test_category_written_as_an_alias_is_filed_under_the_category(
    catalog_dir: Path, write_article: WriteArticle
) -> None:
    write_article(catalog_dir, "cloud-devops/alias.md", category="devops")

    article = load_catalog(catalog_dir).by_slug("alias")

    assert article is not None
    assert article.category == "Cloud & DevOps"


def test_category_in_other_case_is_filed_under_the_category(
    catalog_dir: Path, write_article: WriteArticle
) -> None:
    write_article(catalog_dir, "security/lower.md", category="security")

    article = load_catalog(catalog_dir).by_slug("lower")

    assert article is not None
    assert article.category == "Security"


def test_new_category_unlike_any_known_one_is_accepted(
    catalog_dir: Path, write_article: WriteArticle
) -> None:
    write_article(catalog_dir, "data/warehouse.md", category="Data")

    catalog = load_catalog(catalog_dir)

    assert catalog.problems == ()
    assert catalog.categories[-1].name == "Data"
    assert catalog.counts()["Data"] == 1


def test_without_categories_file_categories_come_from_articles(catalog_dir: Path) -> None:
    (catalog_dir / "categories.yml").unlink()

    catalog = load_catalog(catalog_dir)

    assert catalog.problems == ()
    assert [(category.name, category.description) for category in catalog.categories] == [
        ("Architecture", ""),
        ("Cloud & DevOps", ""),
        ("Engineering", ""),
        ("Leadership", ""),
        ("Security", ""),
    ]


def test_without_categories_file_a_rare_near_spelling_of_a_common_category_is_a_typo(
    catalog_dir: Path, write_article: WriteArticle
) -> None:
    (catalog_dir / "categories.yml").unlink()
    write_article(catalog_dir, "security/typo.md", category="Securty")

    assert messages(catalog_dir) == ["typo.md:3: unknown category 'Securty': did you mean 'Security'?"]


def test_duplicate_title_reports_the_later_file_and_where_the_first_is(
    catalog_dir: Path, write_article: WriteArticle
) -> None:
    write_article(
        catalog_dir, "security/zz-copy.md", title="securing user sessions: how modern authentication works"
    )

    catalog = load_catalog(catalog_dir)

    first = catalog_dir / "security" / "securing-user-sessions.md"
    assert messages(catalog_dir) == [
        "zz-copy.md:2: duplicate title 'securing user sessions: how modern authentication works' "
        f"(also {first}:2)"
    ]
    assert catalog.by_slug("securing-user-sessions") is not None
    assert catalog.by_slug("zz-copy") is None


def test_duplicate_slug_in_two_folders_is_reported(catalog_dir: Path, write_article: WriteArticle) -> None:
    write_article(catalog_dir, "security/from-code-to-container.md", title="Another container story")

    first = catalog_dir / "cloud-devops" / "from-code-to-container.md"
    assert messages(catalog_dir) == [
        f"from-code-to-container.md:1: duplicate slug 'from-code-to-container': {first} has the same file name; "
        "rename one"
    ]


def test_problems_are_sorted_by_path_then_line(catalog_dir: Path, write_article: WriteArticle) -> None:
    write_article(catalog_dir, "security/b.md", read_time=0, url="nope")
    write_article(catalog_dir, "architecture/a.md", read_time=None)

    assert [line.split(": ")[0] for line in messages(catalog_dir)] == ["a.md:1", "b.md:5", "b.md:6"]


def test_preferred_file_keeps_a_clashing_title_whatever_its_path(
    tmp_path: Path, write_article: WriteArticle
) -> None:
    early = write_article(tmp_path, "a/early.md", title="Same")
    late = write_article(tmp_path, "b/late.md", title="Same")
    parsed = [load_article(early), load_article(late)]

    catalog = assemble(parsed, prefer={late})

    assert [article.slug for article in catalog.articles] == ["late"]
    assert [problem.path for problem in catalog.problems] == [early]
