"""Hot reload: new, edited, broken and deleted files reach a running process, swapped whole, never half."""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.live_catalog import LiveCatalog, Snapshot

WriteArticle = Callable[..., Path]
T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


class StepClock:
    """A clock that moves only when told: snapshots are stamped deterministically."""

    def __init__(self, start: dt.datetime = T0) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> StepClock:
    return StepClock()


@pytest.fixture
def live(catalog_dir: Path, clock: StepClock) -> LiveCatalog:
    return LiveCatalog(catalog_dir, clock=clock)


def slugs(snapshot: Snapshot) -> set[str]:
    return {article.slug for article in snapshot.catalog.articles}


def test_first_snapshot_holds_the_catalog_and_its_index(live: LiveCatalog) -> None:
    snapshot = live.current

    assert (snapshot.version, snapshot.loaded_at, len(snapshot.catalog.articles)) == (1, T0, 8)
    assert snapshot.index.catalog is snapshot.catalog


def test_nothing_changed_means_no_new_snapshot(live: LiveCatalog) -> None:
    assert live.check_once() is None
    assert live.current.version == 1


def test_new_file_appears_and_is_searchable(
    live: LiveCatalog, catalog_dir: Path, write_article: WriteArticle
) -> None:
    write_article(catalog_dir, "security/passkeys.md", title="Passkeys in practice", tags=["webauthn"])

    snapshot = live.check_once()

    assert snapshot is not None
    assert "passkeys" in slugs(snapshot)
    assert snapshot.index.search("webauthn").results[0].article.slug == "passkeys"


def test_edit_is_picked_up_even_within_the_same_timestamp(live: LiveCatalog, catalog_dir: Path) -> None:
    path = catalog_dir / "security" / "securing-user-sessions.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("read_time: 22", "read_time: 23"), encoding="utf-8"
    )

    snapshot = live.check_once()

    assert snapshot is not None
    article = snapshot.catalog.by_slug("securing-user-sessions")
    assert article is not None
    assert article.read_time == 23


def test_deleted_file_removes_the_article(live: LiveCatalog, catalog_dir: Path) -> None:
    (catalog_dir / "security" / "securing-user-sessions.md").unlink()

    snapshot = live.check_once()

    assert snapshot is not None
    assert "securing-user-sessions" not in slugs(snapshot)


def test_breaking_edit_keeps_the_last_good_version_and_logs_why(
    live: LiveCatalog, catalog_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = catalog_dir / "security" / "securing-user-sessions.md"
    good = live.current.catalog.by_slug("securing-user-sessions")
    path.write_text(
        path.read_text(encoding="utf-8").replace("read_time: 22", "read_time: soon"), encoding="utf-8"
    )

    with caplog.at_level(logging.WARNING, logger="bot.live_catalog"):
        snapshot = live.check_once()

    assert snapshot is not None
    assert snapshot.catalog.by_slug("securing-user-sessions") == good
    assert [problem.line for problem in snapshot.catalog.problems] == [5]
    assert "keeping its last good version" in caplog.text
    assert "read_time must be a whole number" in caplog.text


def test_fixing_a_broken_file_serves_the_fixed_version(live: LiveCatalog, catalog_dir: Path) -> None:
    path = catalog_dir / "security" / "securing-user-sessions.md"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("read_time: 22", "read_time: soon"), encoding="utf-8")
    live.check_once()
    path.write_text(original.replace("read_time: 22", "read_time: 21"), encoding="utf-8")

    snapshot = live.check_once()

    assert snapshot is not None
    article = snapshot.catalog.by_slug("securing-user-sessions")
    assert article is not None
    assert article.read_time == 21
    assert snapshot.catalog.problems == ()


def test_new_broken_file_is_skipped_and_logged(
    live: LiveCatalog, catalog_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (catalog_dir / "security" / "half-written.md").write_text("---\ntitle: Half\n", encoding="utf-8")

    with caplog.at_level(logging.WARNING, logger="bot.live_catalog"):
        snapshot = live.check_once()

    assert snapshot is not None
    assert "half-written" not in slugs(snapshot)
    assert "half-written.md:1: front matter is not closed" in caplog.text


def test_categories_file_change_is_picked_up(live: LiveCatalog, catalog_dir: Path) -> None:
    with (catalog_dir / "categories.yml").open("a", encoding="utf-8") as handle:
        handle.write("Data:\n  description: Warehouses.\n")

    snapshot = live.check_once()

    assert snapshot is not None
    assert snapshot.catalog.category("Data") is not None


def test_reload_always_swaps_a_new_version_stamped_by_the_clock(live: LiveCatalog, clock: StepClock) -> None:
    clock.now = T0 + dt.timedelta(minutes=5)

    snapshot = live.reload()

    assert (snapshot.version, snapshot.loaded_at) == (2, T0 + dt.timedelta(minutes=5))
    assert live.current is snapshot


def test_a_held_snapshot_is_never_changed_by_a_later_swap(live: LiveCatalog, catalog_dir: Path) -> None:
    held = live.current
    (catalog_dir / "security" / "securing-user-sessions.md").unlink()

    live.check_once()

    assert "securing-user-sessions" in slugs(held)
    assert held.index.catalog is held.catalog
    assert held.index.search("refresh tokens").results[0].article.slug == "securing-user-sessions"


def test_subscribers_receive_each_new_snapshot(
    live: LiveCatalog, write_article: WriteArticle, catalog_dir: Path
) -> None:
    received: list[Snapshot] = []
    live.subscribe(received.append)
    write_article(catalog_dir, "security/new.md")

    live.check_once()
    live.check_once()

    assert [snapshot.version for snapshot in received] == [2]
    assert received[0] is live.current


def test_failing_subscriber_is_logged_and_the_others_still_run(
    live: LiveCatalog, caplog: pytest.LogCaptureFixture
) -> None:
    received: list[int] = []

    def broken(snapshot: Snapshot) -> None:
        raise RuntimeError("store is down")

    live.subscribe(broken)
    live.subscribe(lambda snapshot: received.append(snapshot.version))

    with caplog.at_level(logging.ERROR, logger="bot.live_catalog"):
        live.reload()

    assert received == [2]
    assert "store is down" in caplog.text
    assert live.current.version == 2


def test_missing_folder_gives_an_empty_catalog_with_a_problem(tmp_path: Path) -> None:
    live = LiveCatalog(tmp_path / "nowhere")

    assert live.current.catalog.articles == ()
    assert [problem.message for problem in live.current.catalog.problems] == ["content folder does not exist"]


def test_folder_vanishing_keeps_serving_the_last_catalog(live: LiveCatalog, catalog_dir: Path) -> None:
    renamed = catalog_dir.with_name("moved")
    catalog_dir.rename(renamed)

    assert live.check_once() is None
    assert len(live.reload().catalog.articles) == 8


def test_background_watcher_picks_up_a_new_file(
    live: LiveCatalog, catalog_dir: Path, write_article: WriteArticle
) -> None:
    arrived = threading.Event()
    live.subscribe(lambda snapshot: arrived.set() if "watched" in slugs(snapshot) else None)
    live.start(poll_seconds=0.01)
    try:
        write_article(catalog_dir, "security/watched.md")
        assert arrived.wait(timeout=10)
    finally:
        live.stop()
    assert "watched" in slugs(live.current)


def test_other_yaml_at_the_top_is_watched_for_subscribers(live: LiveCatalog, catalog_dir: Path) -> None:
    (catalog_dir / "digests.yml").write_text("C123: [Security]\n", encoding="utf-8")

    snapshot = live.check_once()

    assert snapshot is not None
    assert len(snapshot.catalog.articles) == 8
    assert snapshot.catalog.problems == ()


def test_edit_to_a_misspelt_category_keeps_the_last_good_version(
    live: LiveCatalog, catalog_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = catalog_dir / "security" / "securing-user-sessions.md"
    path.write_text(path.read_text(encoding="utf-8").replace("category: Security", "category: Secuirty"))

    with caplog.at_level(logging.WARNING, logger="bot.live_catalog"):
        snapshot = live.check_once()

    assert snapshot is not None
    article = snapshot.catalog.by_slug("securing-user-sessions")
    assert article is not None
    assert article.category == "Security"
    assert [problem.message for problem in snapshot.catalog.problems] == [
        "unknown category 'Secuirty': did you mean 'Security'?"
    ]
    assert "keeping its last good version" in caplog.text


def test_new_file_taking_a_served_title_is_the_one_skipped(
    live: LiveCatalog, catalog_dir: Path, write_article: WriteArticle
) -> None:
    title = "Securing User Sessions: How Modern Authentication Works"
    write_article(catalog_dir, "architecture/aaa-copy.md", title=title)

    snapshot = live.check_once()

    assert snapshot is not None
    assert "securing-user-sessions" in slugs(snapshot)
    assert "aaa-copy" not in slugs(snapshot)
    assert [problem.path.name for problem in snapshot.catalog.problems] == ["aaa-copy.md"]


def test_edit_taking_another_served_title_keeps_the_edited_article_last_good_version(
    live: LiveCatalog, catalog_dir: Path
) -> None:
    path = catalog_dir / "architecture" / "building-subscription-payments.md"
    before = live.current.catalog.by_slug("building-subscription-payments")
    taken = "title: 'Securing User Sessions: How Modern Authentication Works'"
    path.write_text(re.sub(r"^title: .*$", taken, path.read_text(encoding="utf-8"), count=1, flags=re.M))

    snapshot = live.check_once()

    assert snapshot is not None
    assert snapshot.catalog.by_slug("building-subscription-payments") == before
    assert "securing-user-sessions" in slugs(snapshot)
    assert [problem.path.name for problem in snapshot.catalog.problems] == [
        "building-subscription-payments.md"
    ]


def test_readers_during_reloads_only_ever_see_whole_snapshots(
    live: LiveCatalog, catalog_dir: Path, write_article: WriteArticle
) -> None:
    seen: list[tuple[bool, int]] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            snapshot = live.current
            seen.append((snapshot.index.catalog is snapshot.catalog, len(snapshot.catalog.articles)))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for number in range(5):
            write_article(catalog_dir, f"security/extra-{number}.md")
            live.check_once()
    finally:
        done.set()
        reader.join()

    assert all(whole for whole, _count in seen)
    assert {count for _whole, count in seen} <= set(range(8, 14))
    assert len(live.current.catalog.articles) == 13
