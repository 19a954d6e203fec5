"""Result pages for `/insights` (search, a category, latest) and the card a user shares into a channel.

Pages are ephemeral: only the person who asked sees them until they press *Share in channel*. *More results*
carries the next offset in its value, so paging needs no server-side state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.core.blocks import actions
from bot.core.blocks.cards import article_section, link
from bot.core.blocks.text import MAX_FALLBACK_TEXT, echo, escape, fallback_text, mrkdwn, truncate
from bot.core.catalog.model import Article, Catalog

if TYPE_CHECKING:
    from bot.core.search import Snippet, Suggestion

MAX_SUGGESTIONS = 5


@dataclass(frozen=True, slots=True)
class Page:
    """One page of articles to show, with where it sits in the whole result."""

    title: str  # plain text: what was asked, e.g. 'Results for "kubernetes"'; escaped here
    items: tuple[tuple[Article, Snippet | None], ...]
    total: int
    offset: int
    more: actions.ButtonState | None  # the state behind *More results*, None on the last page
    previous: actions.ButtonState | None = None  # the state behind *Previous*, None on the first page


def share_button(article: Article, query: str) -> dict[str, Any]:
    value = actions.encode(actions.ButtonState(kind=actions.KIND_SEARCH, query=query, slug=article.slug))
    return actions.button("Share in channel", actions.SHARE, value)


def read_buttons(article: Article, query: str, url: str | None) -> dict[str, Any]:
    """Read the whole article in a modal, or Open its page when it has one."""
    value = actions.encode(actions.ButtonState(kind=actions.KIND_SEARCH, query=query, slug=article.slug))
    elements = [actions.button("Read", actions.READ, value)]
    if url and link(url, "x") != "x":
        elements.append(actions.button("Open", actions.OPEN, value, url=url))
    return {"type": "actions", "elements": elements}


def page_message(
    page: Page,
    *,
    query: str = "",
    catalog: Catalog | None = None,
    links: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """An ephemeral message for one page; the caller decides between ack payload and response_url.

    `today` marks articles whose review is overdue (owners)."""
    first, last = page.offset + 1, page.offset + len(page.items)
    if page.total > len(page.items):
        counter = f"{first}–{last} of {page.total}"
    else:
        counter = "1 result" if page.total == 1 else f"{page.total} results"
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": mrkdwn(f"*{escape(page.title)}*  ·  {counter}")},
    ]
    for article, snippet in page.items:
        blocks.append(
            article_section(
                article,
                snippet=snippet,
                catalog=catalog,
                accessory=share_button(article, query),
                today=today,
            )
        )
        blocks.append(read_buttons(article, query, (links or {}).get(article.slug) or article.url))
    paging = []
    if page.previous is not None:
        paging.append(actions.button("Previous", actions.PREVIOUS, actions.encode(page.previous)))
    if page.more is not None:
        paging.append(actions.button("More results", actions.MORE, actions.encode(page.more)))
    if paging:
        blocks.append({"type": "actions", "elements": paging})
    titles = ", ".join(article.title for article, _ in page.items)
    return {"response_type": "ephemeral", "text": fallback_text(f"{page.title}: {titles}"), "blocks": blocks}


def suggestion_lines(suggestions: Sequence[Suggestion]) -> list[str]:
    """The closest titles and categories, each labelled with what it is, so a suggestion is never mistaken for
    a result.
    """
    lines = []
    for suggestion in suggestions[:MAX_SUGGESTIONS]:
        label = "article" if suggestion.kind == "article" else "category"
        lines.append(f"• {escape(suggestion.name)} _({label})_")
    return lines


def no_results_message(query: str, suggestions: Sequence[Suggestion]) -> dict[str, Any]:
    """Nothing matched: say so, offer the closest titles and categories (labelled as such), never junk."""
    lines = [f"Nothing in the catalog matches “{echo(query)}”."]
    if suggestions:
        lines.append("Did you mean:")
        lines.extend(suggestion_lines(suggestions))
    lines.append("Try other words, or `/insights categories` to browse.")
    text = "\n".join(lines)
    return {
        "response_type": "ephemeral",
        "text": truncate(f"Nothing matches “{echo(query)}”.", MAX_FALLBACK_TEXT),
        "blocks": [{"type": "section", "text": mrkdwn(text)}],
    }


def shared_message(article: Article, user_id: str, *, catalog: Catalog | None = None) -> dict[str, Any]:
    """The card posted for everyone, attributed to whoever shared it."""
    who = f"<@{user_id}>" if user_id and user_id.isalnum() else "Someone"
    return {
        "response_type": "in_channel",
        "replace_original": False,
        "text": fallback_text(f"Shared: {article.title}"),
        "blocks": [
            article_section(article, catalog=catalog),
            {"type": "context", "elements": [mrkdwn(f"Shared by {who} via /insights")]},
        ],
    }
