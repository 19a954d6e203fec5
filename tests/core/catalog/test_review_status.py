"""Review due dates and the stale mark, computed for a given day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.core.blocks.cards import article_section
from bot.core.blocks.digest import item_section
from bot.core.catalog import Article, Catalog
from bot.core.catalog.review import due_reviews, overdue_note, review_due, review_warnings, with_changed

TODAY = dt.date(2026, 4, 1)


def article(**fields: object) -> Article:
    base: dict[str, object] = {
        "slug": "a",
        "title": "A",
        "category": "Security",
        "summary": "s",
        "read_time": 3,
        "path": Path("content/a.md"),
    }
    return Article(**{**base, **fields})  # type: ignore[arg-type]


def test_review_every_counts_from_reviewed_then_published_then_last_commit() -> None:
    every = {"review_every": 30}

    assert review_due(article(**every, reviewed=dt.date(2026, 1, 1), published=dt.date(2025, 1, 1))) == (
        dt.date(2026, 1, 31)
    )
    assert review_due(article(**every, published=dt.date(2026, 2, 1))) == dt.date(2026, 3, 3)
    assert review_due(article(**every, changed=dt.date(2026, 3, 1))) == dt.date(2026, 3, 31)
    assert review_due(article(**every)) is None


def test_a_review_due_today_is_not_overdue_yet() -> None:
    assert overdue_note(article(review_by=TODAY), TODAY) == ""
    assert overdue_note(article(review_by=dt.date(2026, 3, 3)), TODAY) == "review overdue since 3 Mar"


def test_cards_and_digest_items_carry_the_stale_mark_only_when_given_today() -> None:
    stale = article(review_by=dt.date(2026, 3, 3))

    assert "review overdue since 3 Mar" in article_section(stale, today=TODAY)["text"]["text"]
    assert "overdue" not in article_section(stale)["text"]["text"]
    assert "review overdue since 3 Mar" in item_section(stale, TODAY)["text"]["text"]
    assert "overdue" not in item_section(article(review_by=TODAY), TODAY)["text"]["text"]


def test_check_warns_about_each_overdue_article_oldest_first() -> None:
    catalog = Catalog(
        articles=(
            article(slug="b", path=Path("b.md"), review_by=dt.date(2026, 3, 20)),
            article(slug="c", path=Path("c.md"), review_every=10, changed=dt.date(2026, 1, 1)),
            article(slug="d", path=Path("d.md")),
        )
    )

    assert [str(p) for p in review_warnings(catalog, TODAY)] == [
        "c.md:1: review overdue since 2026-01-11: review it and set 'reviewed: 2026-04-01'",
        "b.md:1: review overdue since 2026-03-20: review it and set 'reviewed: 2026-04-01'",
    ]


def test_last_commit_dates_fill_in_by_path() -> None:
    catalog = Catalog(articles=(article(review_every=10),))

    filled = with_changed(catalog, {Path("content/a.md"): dt.date(2026, 3, 1)})

    assert [a.slug for a, _ in due_reviews(filled.articles, TODAY)] == ["a"]
    assert due_reviews(catalog.articles, TODAY) == []
