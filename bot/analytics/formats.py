"""Reports as rows of plain values, for `--json`, `--csv` and the text tables."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

from bot.analytics.articles import ArticleLine
from bot.analytics.gaps import Gap
from bot.analytics.usage import TIER_NAMES, TIERS, Week


def gap_rows(gaps: Sequence[Gap]) -> list[dict[str, Any]]:
    return [
        {
            "question": gap.text,
            "askers": gap.askers,
            "times": gap.times,
            "might_help": gap.tiers.get("tentative", 0),
            "nothing": gap.tiers.get("none", 0),
            "category": gap.category,
            "closest_article": gap.closest,
            "advice": gap.advice,
            "last_asked": _when(gap.last_asked),
            "answered_since": _when(gap.answered_at),
            "wordings": len(gap.wordings),
        }
        for gap in gaps
    ]


def article_rows(lines: Sequence[ArticleLine]) -> list[dict[str, Any]]:
    return [
        {
            "article": line.slug,
            "title": line.title,
            "category": line.category,
            "shown": line.shown,
            "opened": line.opened,
            "shared": line.shared,
            "helpful": line.helpful,
            "not_helpful": line.not_helpful,
            "last_digest": _when(line.last_digest),
            "review": line.review,
        }
        for line in lines
    ]


def usage_rows(weeks: Sequence[Week]) -> list[dict[str, Any]]:
    rows = []
    for week in weeks:
        row: dict[str, Any] = {"week": week.start.isoformat(), "questions": week.questions}
        for tier in TIERS:
            rate = week.rate(tier)
            row[TIER_NAMES[tier].replace(" ", "_")] = week.by_tier.get(tier, 0)
            row[f"{tier}_rate"] = None if rate is None else round(rate, 3)
        row["active_askers"] = week.askers
        row["digests_posted"] = week.digests
        rows.append(row)
    return rows


def as_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, indent=2, ensure_ascii=False)


def as_csv(rows: list[dict[str, Any]]) -> str:
    """Spreadsheet-safe: a cell starting with = + - @ is prefixed with ', so opening it runs no formula."""
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


def as_table(rows: list[dict[str, Any]], columns: Sequence[str]) -> str:
    """A plain fixed-width table of the chosen columns (long cells cut at 60 characters)."""
    cells = [[_text(row.get(column))[:60] for column in columns] for row in rows]
    widths = [max([len(column), *(len(line[i]) for line in cells)]) for i, column in enumerate(columns)]
    lines = ["  ".join(column.ljust(widths[i]) for i, column in enumerate(columns))]
    lines += ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)) for line in cells]
    return "\n".join(line.rstrip() for line in lines)


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.0%}"
    return " ".join(str(value).split())


def _when(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="minutes")
