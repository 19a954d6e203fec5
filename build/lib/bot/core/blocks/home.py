"""The App Home tab: how to use the bot, the categories with their counts, and the newest articles.

Home views allow 100 blocks; the latest list is one section per article, so it is capped well below that.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.core.blocks.cards import article_section
from bot.core.blocks.help import USAGE, category_lines
from bot.core.blocks.text import MAX_BLOCKS_VIEW, mrkdwn, plain
from bot.core.catalog.model import Article, Catalog, Category

MAX_HOME_ARTICLES = 20


def home_view(
    counts: Sequence[tuple[Category, int]], latest: Sequence[Article], *, catalog: Catalog | None = None
) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": plain("Insights")},
        {"type": "section", "text": mrkdwn("*How to use*\n" + USAGE)},
        {"type": "divider"},
        {"type": "header", "text": plain("Categories")},
        {"type": "section", "text": mrkdwn(category_lines(counts))},
        {"type": "divider"},
        {"type": "header", "text": plain("Latest articles")},
    ]
    room = MAX_BLOCKS_VIEW - len(blocks) - 1
    shown = list(latest[: min(MAX_HOME_ARTICLES, room)])
    if shown:
        blocks.extend(article_section(article, catalog=catalog) for article in shown)
    else:
        blocks.append({"type": "section", "text": mrkdwn("_No articles yet._")})
    return {"type": "home", "blocks": blocks}
