"""Owners, reviews and questions in front matter and `categories.yml`: parsed, and reported at their line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.core.catalog import Article, parse_article, parse_categories

HEADER = "---\ntitle: Good\ncategory: Security\nsummary: A summary.\nread_time: 5\n"


def parse(extra: str) -> tuple[Article | None, list[str]]:
    parsed = parse_article(f"{HEADER}{extra}---\nBody\n".encode(), Path("a.md"))
    return parsed.article, [f"{p.line}: {p.message}" for p in parsed.problems]


def test_owners_review_and_questions_are_read() -> None:
    article, problems = parse(
        "owners: [U012AB3CD, '<@W0ABCDEF>', S0GROUP1]\nreview_every: 26w\nreviewed: 2026-01-10\n"
        "questions:\n  - How do I revoke a refresh token?\n  - how do i revoke a refresh token?\n"
    )

    assert problems == []
    assert article is not None
    assert article.owners == ("U012AB3CD", "W0ABCDEF", "S0GROUP1")
    assert (article.review_every, article.reviewed) == (182, dt.date(2026, 1, 10))
    assert article.questions == ("How do I revoke a refresh token?",)


def test_a_single_owner_may_be_written_without_a_list() -> None:
    article, _ = parse("owners: U012AB3CD\nreview_by: 2026-03-03\n")

    assert article is not None
    assert (article.owners, article.review_by) == (("U012AB3CD",), dt.date(2026, 3, 3))


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("owners: ['@ana']\n", "6: owners must be Slack user IDs (U…) or user group IDs (S…)"),
        ("review_by: soon\n", "6: review_by must be a date like 2025-03-31 (got 'soon')"),
        ("review_every: often\n", "6: review_every must be a period like '180d'"),
        ("review_every: 0d\n", "6: review_every must be a period like '180d'"),
        ("reviewed: [x]\n", "6: reviewed must be a date"),
        ("questions: how?\n", "6: questions must be a list"),
        ("questions:\n  - ''\n", "7: each question must be text"),
        ("questions:\n  - " + "x" * 201 + "\n", "7: a question is 201 characters; at most 200"),
        ("review_by: 2026-01-01\nreview_every: 90d\n", "7: give review_by (a date) or review_every"),
        ("owner: U012AB3CD\n", "6: unknown field 'owner': did you mean 'owners'?"),
    ],
)
def test_bad_steward_fields_are_reported_at_their_line(extra: str, expected: str) -> None:
    article, problems = parse(extra)

    assert article is None
    assert len(problems) == 1
    assert problems[0].startswith(expected)


def test_too_many_questions_are_refused() -> None:
    items = "".join(f"  - question number {n}\n" for n in range(31))

    article, problems = parse(f"questions:\n{items}")

    assert article is None
    assert problems == ["6: at most 30 questions (got 31)"]


def test_categories_file_gives_owners_and_a_channel() -> None:
    text = "Security:\n  owners: [U012AB3CD, S0SECTEAM]\n  channel: C0SECURITY\nOps:\n  channel: '#ops'\n"

    parsed = parse_categories(text.encode(), Path("categories.yml"))

    security, ops = parsed.categories
    assert (security.owners, security.channel) == (("U012AB3CD", "S0SECTEAM"), "C0SECURITY")
    assert ops.channel is None
    assert [f"{p.line}: {p.message}"[:40] for p in parsed.problems] == [
        "5: channel must be a Slack channel ID li"
    ]
