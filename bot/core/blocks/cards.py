"""One article as Block Kit: the card every surface (results, answers, shares, App Home) shows the same way.

Article fields come from content files anyone on the team can edit, so they are escaped like user text; only the
formatting we add (`*bold*`, `<url|label>`) is live mrkdwn.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from bot.core.blocks.text import MAX_BUTTON_URL, MAX_SECTION_TEXT, escape, mrkdwn, truncate
from bot.core.catalog.model import Article, Catalog
from bot.core.catalog.review import overdue_note

if TYPE_CHECKING:
    from bot.core.search import Snippet

TITLE_CHARS = 200
SUMMARY_CHARS = 700
SNIPPET_CHARS = 900


def link(url: str | None, label: str) -> str:
    """`<url|label>` when the url is a plain http(s) link, else just the (already escaped) label."""
    if not url or not url.startswith(("http://", "https://")) or len(url) > MAX_BUTTON_URL:
        return label
    if any(ch in url for ch in "|<> \n"):
        return label
    return f"<{url.replace('&', '&amp;')}|{label}>"


def title_line(article: Article) -> str:
    return f"*{link(article.url, escape(truncate(article.title, TITLE_CHARS)))}*"


def read_time_label(article: Article) -> str:
    """An article without a read time (0) is still worth reading: it is called a quick read, not "0 min"."""
    return f"{article.read_time} min read" if article.read_time > 0 else "quick read"


def meta_line(article: Article, catalog: Catalog | None = None, today: dt.date | None = None) -> str:
    """Category and read time, with the category's emoji when the catalog knows it, and the stale mark
    (`:warning: review overdue since 3 Mar`) when `today` is given and the article's review is overdue."""
    category = catalog.category(article.category) if catalog is not None else None
    emoji = f"{escape(category.emoji)} " if category is not None and category.emoji else ""
    stale = overdue_note(article, today)
    mark = f" · :warning: _{stale}_" if stale else ""
    return f"{emoji}{escape(article.category)} · {read_time_label(article)}{mark}"


def marked(snippet: Snippet, limit: int = SNIPPET_CHARS) -> str:
    """The passage escaped, with matched terms in bold, trimmed to `limit` (marks past the cut are dropped)."""
    if len(snippet.text) > limit:
        cut = truncate(snippet.text, limit)
        kept = tuple((start, end) for start, end in snippet.marks if end <= len(cut) - 1)
        snippet = type(snippet)(text=cut, marks=kept)
    return " ".join(snippet.render("*", "*", escape).split())


def render_snippet(snippet: Snippet | None) -> str:
    """The matched passage as a quote; empty when there is none."""
    if snippet is None or not snippet.text.strip():
        return ""
    return "> " + marked(snippet)


def article_text(
    article: Article,
    *,
    snippet: Snippet | None = None,
    catalog: Catalog | None = None,
    today: dt.date | None = None,
) -> str:
    """The mrkdwn body of a card: title, category and read time, summary, then the matching passage.

    When the passage comes from the summary, the summary itself carries the bold matches instead of being
    repeated as a quote.
    """
    lines = [title_line(article), meta_line(article, catalog, today)]
    summary = " ".join(article.summary.split())
    if snippet is not None and snippet.text.strip() and snippet.text in summary:
        offset = summary.index(snippet.text)
        marks = tuple((start + offset, end + offset) for start, end in snippet.marks)
        lines.append(marked(type(snippet)(text=summary, marks=marks), SUMMARY_CHARS))
        return "\n".join(lines)
    if summary:
        lines.append(escape(truncate(summary, SUMMARY_CHARS)))
    quoted = render_snippet(snippet)
    if quoted:
        lines.append(quoted)
    return "\n".join(lines)


def article_section(
    article: Article,
    *,
    snippet: Snippet | None = None,
    catalog: Catalog | None = None,
    accessory: dict[str, Any] | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """`today` turns on the stale mark; surfaces that do not pass it show none."""
    text = article_text(article, snippet=snippet, catalog=catalog, today=today)
    block: dict[str, Any] = {"type": "section", "text": mrkdwn(text, MAX_SECTION_TEXT)}
    if accessory is not None:
        block["accessory"] = accessory
    return block
