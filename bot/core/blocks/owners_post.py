"""The owners' weekly post as Block Kit: what people asked that nothing answers, what they found unhelpful,
and which reviews are due. Owners are tagged so the post reaches them in a shared channel.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.core.blocks.cards import title_line
from bot.core.blocks.text import (
    MAX_BLOCKS_MESSAGE,
    MAX_HEADER_TEXT,
    echo,
    fallback_text,
    mrkdwn,
    plain,
    truncate,
)
from bot.core.catalog.review import overdue_label
from bot.core.owners import OwnersReport

QUESTION_CHARS = 150


def mention(owner: str) -> str:
    """`<@U…>` for a person, `<!subteam^S…>` for a user group: Slack turns both into a notifying tag."""
    return f"<!subteam^{owner}>" if owner.startswith("S") else f"<@{owner}>"


def _section(lines: list[str]) -> dict[str, Any]:
    return {"type": "section", "text": mrkdwn("\n".join(lines))}


def _review_line(article_line: str, due: dt.date, today: dt.date) -> str:
    when = overdue_label(due) if due < today else f"review due {due.day} {due:%b}"
    return f"• {article_line} · {when}"


def owners_message(report: OwnersReport, *, period_label: str, today: dt.date) -> dict[str, Any]:
    """Only the sections with something in them; the caller posts nothing for an empty report."""
    name = report.category.name
    tags = " ".join(mention(owner) for owner in report.owners)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": plain(truncate(f"{name}: for its owners", MAX_HEADER_TEXT))},
        {"type": "context", "elements": [mrkdwn(f"Week of {period_label}" + (f" · {tags}" if tags else ""))]},
    ]
    if report.gaps:
        lines = ["*Asked, and no article answered*"]
        for gap in report.gaps:
            times = f" · asked {gap.count} times" if gap.count > 1 else ""
            lines.append(f"• “{echo(gap.question, QUESTION_CHARS)}”{times}")
        blocks.append(_section(lines))
    if report.unhelpful:
        lines = ["*Marked not helpful*"]
        for item in report.unhelpful:
            lines.append(
                f"• {title_line(item.article)} · {item.not_helpful} not helpful, {item.helpful} helpful"
            )
        blocks.append(_section(lines))
    if report.reviews:
        lines = ["*Reviews due*"]
        for article, due in report.reviews:
            line = _review_line(title_line(article), due, today)
            if article.owners and set(article.owners) != set(report.owners):
                line += " · " + " ".join(mention(owner) for owner in article.owners)  # its own owners
            lines.append(line)
        blocks.append(_section(lines))
    hint = (
        "Add a question to an article's `questions:` to have it answered; set `reviewed:` after a review. "
        "`insights-bot check` lists every review due."
    )
    blocks.append({"type": "context", "elements": [mrkdwn(hint)]})
    counts = (
        f"{len(report.gaps)} gaps, {len(report.unhelpful)} not helpful, {len(report.reviews)} reviews due"
    )
    return {"text": fallback_text(f"{name} for its owners: {counts}"), "blocks": blocks[:MAX_BLOCKS_MESSAGE]}
