"""Help for `/insights`, the short help for a bare mention, and the category overview.

Help lists the real categories with their counts, so a newcomer learns what the catalog holds from the first
answer they get.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.core.blocks.text import escape, mrkdwn, plain
from bot.core.catalog.model import Category

USAGE = escape(
    "\n".join(
        [
            "`/insights <words>` search, e.g. `/insights kubernetes gitops`",
            "`/insights <category>` list a category, e.g. `/insights security`",
            "`/insights search <words>` search even when the words look like a command",
            "`/insights latest` the newest articles",
            "`/insights categories` every category with its size",
            "`/insights subscribe <category>` weekly digest in this channel (`unsubscribe`, `subscriptions`)",
            "`/insights digest <category>` preview this week's digest",
            "`/insights report` top unanswered questions and articles needing attention (owners, admins)",
            "`@insights <question>` in a channel answers in a thread; a DM to the bot works too",
        ]
    )
)


def category_label(name: str, emoji: str = "") -> str:
    """A category's name in bold after its emoji, the way every message names one; both come from the editable
    `categories.yml`, so both are escaped.
    """
    return f"{escape(emoji)} *{escape(name)}*" if emoji else f"*{escape(name)}*"


def category_lines(counts: Sequence[tuple[Category, int]]) -> str:
    if not counts:
        return "_The catalog is empty for now._"
    lines = []
    for category, count in counts:
        noun = "article" if count == 1 else "articles"
        description = f" — {escape(category.description)}" if category.description else ""
        lines.append(f"{category_label(category.name, category.emoji)} ({count} {noun}){description}")
    return "\n".join(lines)


def help_message(counts: Sequence[tuple[Category, int]], *, unknown: str | None = None) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [{"type": "header", "text": plain("Insights: the team's articles")}]
    if unknown:
        blocks.append(
            {"type": "section", "text": mrkdwn(f"I don't know `{escape(unknown)}`; here's what I do:")}
        )
    blocks.append({"type": "section", "text": mrkdwn(USAGE)})
    blocks.append({"type": "section", "text": mrkdwn("*Categories*\n" + category_lines(counts))})
    return {"response_type": "ephemeral", "text": "How to use /insights", "blocks": blocks}


def categories_message(counts: Sequence[tuple[Category, int]]) -> dict[str, Any]:
    total = sum(count for _, count in counts)
    return {
        "response_type": "ephemeral",
        "text": f"{len(counts)} categories, {total} articles",
        "blocks": [
            {"type": "section", "text": mrkdwn(f"*{len(counts)} categories, {total} articles*")},
            {"type": "section", "text": mrkdwn(category_lines(counts))},
            {"type": "context", "elements": [mrkdwn("Type `/insights &lt;category&gt;` to list one.")]},
        ],
    }


def mention_help() -> dict[str, Any]:
    text = (
        "Ask me a question after the mention, e.g. `@insights how should we store refresh tokens?`, "
        "or use `/insights help`."
    )
    return {"text": text, "blocks": [{"type": "section", "text": mrkdwn(text)}]}


def small_talk() -> dict[str, Any]:
    """A greeting or thanks gets a friendly line and a nudge, not a search and not a knowledge gap."""
    text = (
        "Hi! Ask me anything the team has written about, e.g. `how should we store refresh tokens?`, "
        "or type `help` to see what else I can do."
    )
    return {"text": text, "blocks": [{"type": "section", "text": mrkdwn(text)}]}


def channel_only(keyword: str) -> dict[str, Any]:
    """`subscribe security` in a DM: digests go to channels, so say where the command works."""
    text = (
        f"`{escape(keyword)}` works in a channel: type `/insights {escape(keyword)} …` there, "
        "and the channel's digest subscriptions change. Here you can ask questions or type `help`."
    )
    return {"text": text, "blocks": [{"type": "section", "text": mrkdwn(text)}]}
