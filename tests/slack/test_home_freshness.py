"""When the Home tab is sent again: a new catalog version, or after a while; not on every visit."""

from __future__ import annotations

import datetime as dt

from bot.slack.listeners.app_home import FRESH_FOR, RecentlyPublished

T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def test_same_version_shortly_after_is_fresh() -> None:
    recent = RecentlyPublished()
    recent.remember("U1", 3, T0)
    assert recent.is_fresh("U1", 3, T0 + dt.timedelta(seconds=30))


def test_a_new_catalog_version_is_published_again() -> None:
    recent = RecentlyPublished()
    recent.remember("U1", 3, T0)
    assert not recent.is_fresh("U1", 4, T0 + dt.timedelta(seconds=30))


def test_an_old_publication_is_refreshed() -> None:
    recent = RecentlyPublished()
    recent.remember("U1", 3, T0)
    assert not recent.is_fresh("U1", 3, T0 + FRESH_FOR)


def test_another_user_is_not_fresh() -> None:
    recent = RecentlyPublished()
    recent.remember("U1", 3, T0)
    assert not recent.is_fresh("U2", 3, T0)
