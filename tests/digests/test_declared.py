"""`content/digests.yml`: subscriptions kept in git, applied at start-up and on change, idempotently."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.core.catalog.model import Catalog, Category
from bot.core.digest import parse_declared
from bot.core.search import SearchIndex
from bot.subscriptions import DeclaredSubscriptions

from .world import make_catalog


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


def test_channel_removed_from_the_file_is_unsubscribed(tmp_path, declared, store, view):
    write(tmp_path, "Security: [C0AAAA1, C0BBBB2]\n")
    declared(view)
    write(tmp_path, "Security: [C0AAAA1]\n")
    declared(View(view.catalog, view.index, version=2))
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
