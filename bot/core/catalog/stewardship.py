"""The front-matter and `categories.yml` fields that say who looks after an article and when it is reviewed.

`owners`, `review_by`, `review_every`, `reviewed` and `questions` are optional; each reader returns the value and
the (line, message) issues, so article and category parsing report them at the offending line like any field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from bot.core.catalog.yamldoc import Entry, YamlDoc, quoted, scalar_text

STEWARD_FIELDS = ("owners", "review_by", "review_every", "reviewed", "questions")
MAX_OWNERS = 20
MAX_QUESTIONS = 30
MAX_QUESTION_CHARS = 200
MAX_REVIEW_DAYS = 3660
_OWNER_ID = re.compile(r"^[UWS][A-Z0-9]{2,20}$")
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,20}$")
_EVERY = re.compile(r"^\s*(\d{1,5})\s*([dwmy])\s*$", re.IGNORECASE)
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}

Issue = tuple[int, str]


@dataclass(frozen=True, slots=True)
class Stewardship:
    """What an article's front matter says about its owners, review and the questions it answers."""

    owners: tuple[str, ...] = ()
    review_by: dt.date | None = None
    review_every: int | None = None
    reviewed: dt.date | None = None
    questions: tuple[str, ...] = ()


def _blank(entry: Entry | None) -> bool:
    return entry is None or (isinstance(entry.node, yaml.ScalarNode) and scalar_text(entry.node) is None)


def read_owners(doc: YamlDoc, entry: Entry | None, issues: list[Issue]) -> tuple[str, ...]:
    """Slack user IDs (`U…`, `W…`) or user group IDs (`S…`), one or a list; anything else is reported."""
    if _blank(entry):
        return ()
    assert entry is not None
    items = entry.node.value if isinstance(entry.node, yaml.SequenceNode) else [entry.node]
    owners: list[str] = []
    for item in items:
        raw = (scalar_text(item) or "").strip()
        plain = raw.removeprefix("<@").removeprefix("<!subteam^").rstrip(">").split("|")[0]
        if not _OWNER_ID.match(plain):
            issues.append(
                (
                    doc.line(item),
                    "owners must be Slack user IDs (U…) or user group IDs (S…), like "
                    f"'owners: [U012AB3CD]' (got {quoted(raw or 'a list or mapping')})",
                )
            )
        elif plain not in owners:
            owners.append(plain)
    if len(owners) > MAX_OWNERS:
        issues.append((entry.key_line, f"at most {MAX_OWNERS} owners (got {len(owners)})"))
        return tuple(owners[:MAX_OWNERS])
    return tuple(owners)


def read_channel(doc: YamlDoc, entry: Entry | None, issues: list[Issue]) -> str | None:
    """A channel ID (`C…` or `G…`), not a name: names change, IDs do not."""
    if _blank(entry):
        return None
    assert entry is not None
    raw = (scalar_text(entry.node) or "").strip()
    if not _CHANNEL_ID.match(raw):
        issues.append(
            (
                entry.key_line,
                "channel must be a Slack channel ID like 'channel: C012AB3CD' (copy it from the channel's "
                f"details), not a name (got {quoted(raw or 'a list or mapping')})",
            )
        )
        return None
    return raw


def read_date(doc: YamlDoc, entry: Entry | None, issues: list[Issue]) -> dt.date | None:
    if _blank(entry):
        return None
    assert entry is not None
    found = date_value(doc.value(entry.node))
    if found is not None:
        return found
    shown = scalar_text(entry.node) or "a list or mapping"
    issues.append((entry.key_line, f"{entry.key} must be a date like 2025-03-31 (got {quoted(shown)})"))
    return None


def parse_every(text: str) -> int | None:
    """`180d`, `26w`, `6m` (30 days), `1y` (365 days) -> days; None when it is not such a period."""
    match = _EVERY.match(text)
    if match is None:
        return None
    days = int(match.group(1)) * _UNIT_DAYS[match.group(2).lower()]
    return days if 0 < days <= MAX_REVIEW_DAYS else None


def read_every(doc: YamlDoc, entry: Entry | None, issues: list[Issue]) -> int | None:
    if _blank(entry):
        return None
    assert entry is not None
    raw = scalar_text(entry.node) or ""
    days = parse_every(raw)
    if days is None:
        issues.append(
            (
                entry.key_line,
                "review_every must be a period like '180d', '26w', '6m' or '1y', at most 10 years "
                f"(got {quoted(raw or 'a list or mapping')})",
            )
        )
    return days


def read_questions(doc: YamlDoc, entry: Entry | None, issues: list[Issue]) -> tuple[str, ...]:
    """Phrasings the article answers: a list of at most `MAX_QUESTIONS` texts of `MAX_QUESTION_CHARS` each."""
    if _blank(entry):
        return ()
    assert entry is not None
    if not isinstance(entry.node, yaml.SequenceNode):
        issues.append(
            (entry.key_line, "questions must be a list, like 'questions: [\"how do I rotate a token?\"]'")
        )
        return ()
    kept: list[str] = []
    for item in entry.node.value:
        text = " ".join((scalar_text(item) or "").split())
        if not text:
            issues.append((doc.line(item), "each question must be text, not empty or a list"))
        elif len(text) > MAX_QUESTION_CHARS:
            issues.append(
                (doc.line(item), f"a question is {len(text)} characters; at most {MAX_QUESTION_CHARS}")
            )
        elif text.casefold() not in {seen.casefold() for seen in kept}:
            kept.append(text)
    if len(kept) > MAX_QUESTIONS:
        issues.append((entry.key_line, f"at most {MAX_QUESTIONS} questions (got {len(kept)})"))
        return ()
    return tuple(kept)


def read_stewardship(doc: YamlDoc, by_key: dict[str, Entry], issues: list[Issue]) -> Stewardship:
    """All the steward fields of one front matter; `review_by` and `review_every` exclude each other."""
    review_by = read_date(doc, by_key.get("review_by"), issues)
    review_every = read_every(doc, by_key.get("review_every"), issues)
    if review_by is not None and review_every is not None:
        line = by_key["review_every"].key_line
        issues.append((line, "give review_by (a date) or review_every (a period), not both"))
    return Stewardship(
        owners=read_owners(doc, by_key.get("owners"), issues),
        review_by=review_by,
        review_every=review_every,
        reviewed=read_date(doc, by_key.get("reviewed"), issues),
        questions=read_questions(doc, by_key.get("questions"), issues),
    )


def date_value(value: object) -> dt.date | None:
    """A YAML date, datetime or ISO `2025-03-31` string as a date; None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
