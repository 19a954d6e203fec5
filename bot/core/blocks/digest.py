"""A digest as a Block Kit message: header, "New this week", "From the archive", then how to search and stop.

However large the category, the message stays inside Slack's limits: at most `MAX_NEW_ITEMS` new articles are
listed (the rest are counted, with the command that lists them all), one section per article.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.core.blocks.cards import read_time_label, title_line
from bot.core.blocks.text import (
    MAX_BLOCKS_MESSAGE,
    MAX_HEADER_TEXT,
    escape,
    fallback_text,
    mrkdwn,
    plain,
    truncate,
)
from bot.core.catalog.model import Article
from bot.core.catalog.review import overdue_note
from bot.core.digest.compose import Digest

MAX_NEW_ITEMS = 20
SUMMARY_CHARS = 240
COMMAND = "/insights"


def item_section(article: Article, today: dt.date | None = None) -> dict[str, Any]:
    """Linked title, read time (and the stale mark when its review is overdue), and the summary on one line."""
    summary = escape(truncate(" ".join(article.summary.split()), SUMMARY_CHARS))
    stale = overdue_note(article, today)
    text = f"{title_line(article)} · {read_time_label(article)}" + (
        f" · :warning: _{stale}_" if stale else ""
    )
    return {"type": "section", "text": mrkdwn(f"{text}\n{summary}" if summary else text)}


def _heading(text: str) -> dict[str, Any]:
    return {"type": "section", "text": mrkdwn(f"*{text}*")}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [mrkdwn(text)]}


def digest_message(
    digest: Digest, *, period_label: str, preview: bool = False, today: dt.date | None = None
) -> dict[str, Any]:
    """The message posted to a channel (or shown as a preview); `text` is the notification fallback."""
    category = digest.category
    name = category.name
    emoji = f"{category.emoji} " if category.emoji else ""
    header = truncate(f"{emoji}{name} digest", MAX_HEADER_TEXT)
    counts = f"{len(digest.new)} new · {len(digest.archive)} from the archive"
    subtitle = f"Week of {escape(period_label)} · {counts}"
    if preview:
        subtitle = f"Preview, nothing was posted · {subtitle}"
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": plain(header, MAX_HEADER_TEXT)},
        _context(subtitle),
        _heading("New this week"),
    ]
    listed = digest.new[:MAX_NEW_ITEMS]
    blocks.extend(item_section(article, today) for article in listed)
    if not listed:
        blocks.append(_context("Nothing new this week."))
    hidden = len(digest.new) - len(listed)
    if hidden:
        blocks.append(_context(f"…and {hidden} more new: `{COMMAND} {escape(name)}` lists them all."))
    if digest.archive:
        blocks.append({"type": "divider"})
        blocks.append(_heading("From the archive"))
        blocks.extend(item_section(article, today) for article in digest.archive)
    blocks.append({"type": "divider"})
    blocks.append(
        _context(
            f"Search with `{COMMAND} &lt;words&gt;` · browse with `{COMMAND} {escape(name)}` · "
            f"stop these with `{COMMAND} unsubscribe {escape(name)}`"
        )
    )
    titles = ", ".join(article.title for article in (*listed, *digest.archive))
    fallback = fallback_text(f"{name} digest, week of {period_label}: {titles}")
    return {"text": fallback, "blocks": blocks[:MAX_BLOCKS_MESSAGE]}
