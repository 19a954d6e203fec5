"""A content folder caught mid-change (deleted, emptied, half-deleted, files vanishing mid-read) loses nothing."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot import content_files
from bot.core.catalog import Problem
from bot.live_catalog import LiveCatalog

WriteArticle = Callable[..., Path]
ORIGINAL = "security/securing-user-sessions.md"


@pytest.fixture
def big_dir(catalog_dir: Path, write_article: WriteArticle) -> Path:
    """The sample catalog plus 30 more articles: 38 in all."""
    for number in range(30):
        write_article(
            catalog_dir, f"engineering/note-{number:02}.md", title=f"Note {number}", category="Engineering"
        )
    return catalog_dir


def count(live: LiveCatalog) -> int:
    return len(live.current.catalog.articles)


def test_folder_deleted_while_serving_keeps_every_article(big_dir: Path) -> None:
    live = LiveCatalog(big_dir)
    for note in sorted((big_dir / "engineering").glob("note-*.md"))[:20]:
        note.unlink()

    assert live.check_once() is None
    assert count(live) == 38
    shutil.rmtree(big_dir)
    assert live.check_once() is None
    assert live.check_once() is None
    assert count(live) == 38


def test_many_removals_apply_once_the_folder_lists_the_same_files_twice(big_dir: Path) -> None:
    live = LiveCatalog(big_dir)
    shutil.rmtree(big_dir / "engineering")

    assert live.check_once() is None
    snapshot = live.check_once()

    assert snapshot is not None
    assert len(snapshot.catalog.articles) == 7


def test_removals_still_under_way_wait_until_the_folder_settles(big_dir: Path) -> None:
    live = LiveCatalog(big_dir)
    notes = sorted((big_dir / "engineering").glob("note-*.md"))
    for batch in (notes[:10], notes[10:20], notes[20:]):
        for note in batch:
            note.unlink()
        assert live.check_once() is None
        assert count(live) == 38

    assert live.check_once() is not None
    assert count(live) == 8


def test_briefly_empty_folder_removes_nothing(catalog_dir: Path, tmp_path: Path) -> None:
    live = LiveCatalog(catalog_dir)
    aside = tmp_path / "aside"
    shutil.move(catalog_dir, aside)
    catalog_dir.mkdir()

    assert live.check_once() is None
    catalog_dir.rmdir()
    shutil.move(aside, catalog_dir)
    assert live.check_once() is None
    assert live.check_once() is None
    assert count(live) == 8


def test_one_deleted_file_still_goes_at_once(big_dir: Path) -> None:
    live = LiveCatalog(big_dir)
    (big_dir / "engineering" / "note-00.md").unlink()

    snapshot = live.check_once()

    assert snapshot is not None
    assert len(snapshot.catalog.articles) == 37


def test_file_vanishing_between_listing_and_read_keeps_its_article(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = LiveCatalog(catalog_dir)
    target = catalog_dir / ORIGINAL
    target.write_text(target.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    real_read = content_files.read_bytes

    def vanishing_read(path: Path) -> bytes | Problem:
        if path == target:
            target.unlink()
        return real_read(path)

    monkeypatch.setattr(content_files, "read_bytes", vanishing_read)
    live.check_once()

    assert live.current.catalog.by_slug("securing-user-sessions") is not None
    assert count(live) == 8


def test_newcomer_with_a_served_slug_is_the_one_reported(catalog_dir: Path) -> None:
    live = LiveCatalog(catalog_dir)
    copy = catalog_dir / "dup" / "securing-user-sessions.md"
    copy.parent.mkdir()
    original = (catalog_dir / ORIGINAL).read_text(encoding="utf-8")
    copy.write_text(original, encoding="utf-8")
    (catalog_dir / ORIGINAL).write_text(original + "\nAlso edited in the same change.\n", encoding="utf-8")

    snapshot = live.check_once()

    assert snapshot is not None
    assert snapshot.catalog.by_slug("securing-user-sessions").path == catalog_dir / ORIGINAL  # type: ignore[union-attr]
    assert {problem.path for problem in snapshot.catalog.problems} == {copy}
    assert LiveCatalog(catalog_dir).current.catalog.by_slug(
        "securing-user-sessions"
    ) == snapshot.catalog.by_slug("securing-user-sessions")
