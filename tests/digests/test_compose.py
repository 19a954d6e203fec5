"""What goes into a digest: new articles since the last one, then the archive in rotation."""

from __future__ import annotations

import datetime as dt

from bot.core.catalog.model import Catalog, Category
from bot.core.digest import compose_digest

from .world import MONDAY_9, article, make_catalog

WEEK_AGO = MONDAY_9 - dt.timedelta(days=7)
LONG_AGO = MONDAY_9 - dt.timedelta(days=90)


def compose(catalog: Catalog, *, first_seen=None, sent=None, since=WEEK_AGO, archive_count=3):
    seen = {a.slug: LONG_AGO for a in catalog.articles} | (first_seen or {})
    return compose_digest(
        catalog,
        "Security",
        since=since,
        until=MONDAY_9,
        first_seen=seen,
        sent=sent or {},
        archive_count=archive_count,
    )


def test_article_first_seen_since_the_last_digest_is_new():
    digest = compose(make_catalog(), first_seen={"security-2": MONDAY_9 - dt.timedelta(days=1)})
    assert [a.slug for a in digest.new] == ["security-2"]


def test_article_seen_exactly_at_the_last_digest_is_not_new_again():
    digest = compose(make_catalog(), first_seen={"security-2": WEEK_AGO})
    assert digest.new == ()


def test_article_published_since_the_last_digest_is_new():
    catalog = Catalog(
        articles=(
            article("fresh", published=dt.date(2026, 11, 20)),
            article("old", published=dt.date(2026, 1, 1)),
        ),
        categories=(Category("Security"),),
    )
    assert [a.slug for a in compose(catalog).new] == ["fresh"]


def test_article_the_bot_has_never_recorded_counts_as_new():
    catalog = make_catalog(2)
    digest = compose_digest(
        catalog, "Security", since=WEEK_AGO, until=MONDAY_9, first_seen={}, sent={}, archive_count=0
    )
    assert len(digest.new) == 2


def test_archive_offers_articles_never_sent_before_repeating_any():
    catalog = make_catalog(5)
    sent = {"security-0": WEEK_AGO, "security-1": WEEK_AGO, "security-2": WEEK_AGO}
    digest = compose(catalog, sent=sent, archive_count=3)
    assert [a.slug for a in digest.archive][:2] == ["security-3", "security-4"]


def test_archive_rotates_through_the_whole_category_over_the_weeks():
    catalog = make_catalog(7)
    sent: dict[str, dt.datetime] = {}
    offered: list[str] = []
    for week in range(3):
        now = MONDAY_9 + dt.timedelta(days=7 * week)
        digest = compose(catalog, sent=sent, archive_count=3)
        offered.extend(a.slug for a in digest.archive)
        sent.update({a.slug: now for a in digest.archive})
    assert sorted(offered[:7]) == sorted(a.slug for a in catalog.articles)
    assert offered[7] == offered[0]


def test_new_articles_are_not_repeated_in_the_archive():
    digest = compose(make_catalog(2), first_seen={"security-0": MONDAY_9}, archive_count=3)
    assert [a.slug for a in digest.archive] == ["security-1"]


def test_category_with_nothing_new_and_no_archive_is_empty():
    digest = compose(make_catalog(3), archive_count=0)
    assert digest.is_empty


def test_unknown_category_composes_nothing():
    assert (
        compose_digest(
            make_catalog(),
            "Gardening",
            since=WEEK_AGO,
            until=MONDAY_9,
            first_seen={},
            sent={},
            archive_count=3,
        )
        is None
    )
