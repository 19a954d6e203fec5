"""`content/digests.yml`: subscriptions kept in git, applied at start-up and on change, idempotently."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from bot.core.catalog.model import Catalog, Category
from bot.core.digest import parse_declared
from bot.core.search import SearchIndex
from bot.subscriptions import DeclaredSubscriptions

from .world import MONDAY_9, make_catalog, make_runner


@dataclass(frozen=True)
class View:
    catalog: Catalog
    index: SearchIndex
    version: int = 1


@pytest.fixture
def view():
    base = make_catalog()
    catalog = Catalog(base.articles, (*base.categories, Category("Leadership")), ())
    return View(catalog, SearchIndex.build(catalog))


@pytest.fixture
def declared(tmp_path, store, clock):
    return DeclaredSubscriptions(tmp_path, store, clock=clock)


def write(tmp_path, text: str) -> None:
    (tmp_path / "digests.yml").write_text(text, encoding="utf-8")


def pairs(store) -> set[tuple[str, str, str]]:
    return {(s.channel_id, s.category, s.source) for s in store.subscriptions()}


def test_declared_subscriptions_are_created(tmp_path, declared, store, view):
    write(tmp_path, "Security: [C0AAAA1, C0BBBB2]\nsec: C0CCCC3\n")
    declared(view)
    assert pairs(store) == {
        ("C0AAAA1", "Security", "file"),
        ("C0BBBB2", "Security", "file"),
        ("C0CCCC3", "Security", "file"),
    }


def test_applying_the_same_file_twice_changes_nothing(tmp_path, declared, store, view):
    write(tmp_path, "Security: [C0AAAA1]\n")
    declared(view)
    first = store.subscriptions()
    declared(View(view.catalog, view.index, version=2))
    assert store.subscriptions() == first


def test_channel_removed_from_the_file_is_unsubscribed(tmp_path, declared, store, view, clock):
    write(tmp_path, "Security: [C0AAAA1, C0BBBB2]\n")
    declared(view)
    write(tmp_path, "Security: [C0AAAA1]\n")
    declared(View(view.catalog, view.index, version=2))
    clock.advance(seconds=61)
    declared.poll()
    assert pairs(store) == {("C0AAAA1", "Security", "file")}


def test_subscriptions_made_in_slack_are_left_alone(tmp_path, declared, store, view, clock):
    store.add_subscription("C0SLACK", "Leadership", added_by="U1", now=clock())
    write(tmp_path, "Security: [C0AAAA1]\n")
    declared(view)
    assert ("C0SLACK", "Leadership", "slack") in pairs(store)


def test_broken_yaml_changes_nothing(tmp_path, declared, store, view, caplog):
    write(tmp_path, "Security: [C0AAAA1]\n")
    declared(view)
    write(tmp_path, "Security: [C0AAAA1\n")
    declared(View(view.catalog, view.index, version=2))
    assert pairs(store) == {("C0AAAA1", "Security", "file")}
    assert "not valid YAML" in caplog.text


def test_unknown_category_and_bad_channel_are_reported_and_the_rest_applied(
    tmp_path, declared, store, view, caplog
):
    write(tmp_path, "Gardening: [C0AAAA1]\nSecurity: ['#general', C0BBBB2]\n")
    declared(view)
    assert pairs(store) == {("C0BBBB2", "Security", "file")}
    assert "Gardening: no such category" in caplog.text
    assert "'#general' is not a channel ID" in caplog.text


def test_missing_file_declares_nothing():
    assert parse_declared("").pairs == frozenset()


def test_non_mapping_file_is_refused_whole():
    assert parse_declared("- C0AAAA1\n").complete is False


ALL_THREE = "Security: [C0AAAA1, C0BBBB2, C0CCCC3]\n"


def later(view, version):
    return View(view.catalog, view.index, version=version)


@pytest.mark.parametrize(
    "moment",
    ["", "# being rewritten\n", "Security: [C0AAAA1]\n", "Security: [C0AAAA1, C0BB", None],
    ids=["empty", "comment-only", "truncated-valid", "truncated-invalid", "missing"],
)
def test_file_wrong_for_a_moment_removes_nothing_and_keeps_each_place(
    tmp_path, declared, store, view, clock, moment
):
    write(tmp_path, ALL_THREE)
    declared(view)
    before = {s.channel_id: s.added_at for s in store.subscriptions()}
    clock.advance(days=3)
    if moment is None:
        (tmp_path / "digests.yml").unlink()
    else:
        write(tmp_path, moment)
    declared(later(view, 2))
    clock.advance(seconds=5)
    write(tmp_path, ALL_THREE)
    declared(later(view, 3))
    clock.advance(minutes=10)
    declared.poll()
    assert {s.channel_id: s.added_at for s in store.subscriptions()} == before


def test_removal_applies_only_once_the_file_has_stayed_so(tmp_path, declared, store, view, clock):
    write(tmp_path, ALL_THREE)
    declared(view)
    write(tmp_path, "Security: [C0AAAA1]\n")
    declared(later(view, 2))
    clock.advance(seconds=30)
    declared.poll()
    assert len(store.subscriptions()) == 3
    clock.advance(seconds=31)
    declared.poll()
    assert pairs(store) == {("C0AAAA1", "Security", "file")}


def test_deleted_file_unsubscribes_once_it_stays_deleted(tmp_path, declared, store, view, clock):
    write(tmp_path, ALL_THREE)
    declared(view)
    (tmp_path / "digests.yml").unlink()
    declared(later(view, 2))
    clock.advance(minutes=2)
    declared.poll()
    assert store.subscriptions() == []


def test_file_emptied_for_a_moment_before_the_firing_still_gets_every_channel_its_digest(
    tmp_path, store, poster, catalog, clock
):
    runner = make_runner(store, poster, catalog, clock)
    store.mark_seen([a.slug for a in catalog.articles], clock() - dt.timedelta(days=60))
    declared = DeclaredSubscriptions(
        tmp_path, store, clock=clock, period_start=lambda: runner.current_period().start
    )
    base = make_catalog()
    view = View(base, SearchIndex.build(base))
    clock.advance(days=-3)
    write(tmp_path, ALL_THREE)
    declared(view)
    clock.now = MONDAY_9 - dt.timedelta(seconds=1)
    write(tmp_path, "")
    declared(later(view, 2))
    clock.now = MONDAY_9 + dt.timedelta(seconds=30)
    write(tmp_path, ALL_THREE)
    declared(later(view, 3))
    clock.advance(minutes=5)
    declared.poll()
    assert runner.run_due().counts() == {"posted": 3}


def test_file_subscription_removed_and_restored_within_the_period_keeps_its_place(
    tmp_path, store, poster, catalog, clock
):
    runner = make_runner(store, poster, catalog, clock, grace=dt.timedelta(days=7))
    declared = DeclaredSubscriptions(
        tmp_path,
        store,
        clock=clock,
        settle=dt.timedelta(0),
        period_start=lambda: runner.current_period().start,
    )
    base = make_catalog()
    view = View(base, SearchIndex.build(base))
    clock.advance(days=-1)
    write(tmp_path, ALL_THREE)
    declared(view)
    clock.now = MONDAY_9 + dt.timedelta(minutes=1)
    write(tmp_path, "Security: [C0AAAA1]\n")
    declared(later(view, 2))
    declared.poll()
    assert len(store.subscriptions()) == 1
    clock.advance(hours=2)
    write(tmp_path, ALL_THREE)
    declared(later(view, 3))
    assert runner.run_due().counts() == {"posted": 3}
