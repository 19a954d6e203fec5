"""Two files with one slug: the real article keeps serving, the newcomer is reported, on every load alike."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

from bot.core.catalog import assemble, load_article, load_catalog
from bot.core.catalog.parse import ParsedArticle

ORIGINAL = "security/securing-user-sessions.md"
WriteArticle = Callable[..., Path]


def copy_to(catalog_dir: Path, relative: str) -> Path:
    target = catalog_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(catalog_dir / ORIGINAL, target)
    return target


def test_copy_in_a_folder_sorting_first_does_not_replace_the_filed_article(catalog_dir: Path) -> None:
    copy = copy_to(catalog_dir, "dup/securing-user-sessions.md")

    catalog = load_catalog(catalog_dir)

    article = catalog.by_slug("securing-user-sessions")
    assert article is not None
    assert article.path == catalog_dir / ORIGINAL
    assert [(problem.path, problem.message.split(":")[0]) for problem in catalog.problems] == [
        (copy, "duplicate slug 'securing-user-sessions'")
    ]


def test_deeper_copy_in_the_right_folder_is_the_one_reported(catalog_dir: Path) -> None:
    copy = copy_to(catalog_dir, "security/archive/securing-user-sessions.md")

    catalog = load_catalog(catalog_dir)

    assert catalog.by_slug("securing-user-sessions").path == catalog_dir / ORIGINAL  # type: ignore[union-attr]
    assert {problem.path for problem in catalog.problems} == {copy}


def test_same_choice_whatever_order_the_files_come_in(catalog_dir: Path, write_article: WriteArticle) -> None:
    copy_to(catalog_dir, "dup/securing-user-sessions.md")
    write_article(
        catalog_dir, "architecture/securing-user-sessions.md", title="Another take", category="Security"
    )
    parsed: list[ParsedArticle] = [load_article(path) for path in sorted(catalog_dir.rglob("*.md"))]
    first = assemble(parsed)

    for seed in range(5):
        random.Random(seed).shuffle(parsed)
        assert assemble(parsed) == first
    assert first.by_slug("securing-user-sessions").path == catalog_dir / ORIGINAL  # type: ignore[union-attr]


def test_articles_come_out_in_path_order(catalog_dir: Path) -> None:
    paths = [article.path for article in load_catalog(catalog_dir).articles]

    assert paths == sorted(paths, key=str)
