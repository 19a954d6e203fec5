"""`/insights report`: the top gaps and the articles needing attention, as one ephemeral Block Kit message.

Each gap or article is one short line, and the lists are capped, so the message stays far inside Slack's
50-block and 3,000-character-per-section limits whatever was recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.blocks.text import MAX_SECTION_TEXT, echo, escape, fallback_text, mrkdwn, truncate

MAX_LINES = 10
LINE_CHARS = 250


@dataclass(frozen=True, slots=True)
class GapLine:
    question: str
    askers: int
    advice: str


@dataclass(frozen=True, slots=True)
class AttentionLine:
    """An article that needs a look: its title and why (stale review, "not helpful" votes)."""

    title: str
    reason: str


def report_message(
    gaps: Sequence[GapLine], attention: Sequence[AttentionLine], *, days: int
) -> dict[str, Any]:
    gap_lines = [
        f"• *{echo(gap.question, 120)}*: {gap.askers} {'person' if gap.askers == 1 else 'people'}"
        f" · {escape(gap.advice)}"
        for gap in gaps[:MAX_LINES]
    ]
    article_lines = [f"• {escape(line.title)}: {escape(line.reason)}" for line in attention[:MAX_LINES]]
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Insights report"}},
        _section(f"*Top gaps, last {days} days*", gap_lines, "No unanswered questions. :tada:"),
        _section("*Articles needing attention*", article_lines, "None: no stale or unhelpful articles."),
        {
            "type": "context",
            "elements": [
                mrkdwn("Full reports: `insights-bot report gaps`, `articles`, `usage`, `--html FILE`.")
            ],
        },
    ]
    summary = f"Insights report: {len(gaps)} gaps, {len(attention)} articles needing attention"
    return {"response_type": "ephemeral", "text": fallback_text(summary), "blocks": blocks}


def _section(title: str, lines: Sequence[str], empty: str) -> dict[str, Any]:
    body = "\n".join(truncate(line, LINE_CHARS) for line in lines) if lines else empty
    return {"type": "section", "text": mrkdwn(truncate(f"{title}\n{body}", MAX_SECTION_TEXT))}


def not_allowed() -> dict[str, Any]:
    text = "The report is for category owners and digest admins (DIGEST_ADMINS)."
    return {"response_type": "ephemeral", "text": text, "blocks": [{"type": "section", "text": mrkdwn(text)}]}
