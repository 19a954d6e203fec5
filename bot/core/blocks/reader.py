"""An article's whole Markdown body as a modal, so every result can be read without leaving Slack.

Markdown becomes Block Kit: headings become header blocks, fenced code stays code, paragraphs and lists become
mrkdwn sections with `**bold**`, `_em_` and `[links](url)` translated. Everything is escaped first, like any
text from content files. A long article is split into pages that fit a modal, with Previous / Next buttons.
"""

from __future__ import annotations

import re
from typing import Any

from bot.core.blocks import actions
from bot.core.blocks.cards import link, meta_line
from bot.core.blocks.text import MAX_HEADER_TEXT, MAX_SECTION_TEXT, escape, mrkdwn, plain, truncate
from bot.core.catalog.model import Article, Catalog

MODAL_TITLE_CHARS = 24
BLOCKS_PER_PAGE = 40
CHARS_PER_PAGE = 12_000
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_BULLET = re.compile(r"^(\s*)[-*+]\s+")


def inline(text: str) -> str:
    """One line of Markdown as mrkdwn: escaped, then bold and links (labels escaped, urls checked)."""
    parts, cursor = [], 0
    for match in _LINK.finditer(text):
        parts.append(_emphasis(escape(text[cursor : match.start()])))
        parts.append(link(match.group(2), escape(match.group(1))))
        cursor = match.end()
    parts.append(_emphasis(escape(text[cursor:])))
    return "".join(parts)


def _emphasis(text: str) -> str:
    return _BOLD.sub(lambda m: f"*{m.group(1) or m.group(2)}*", text)


def body_blocks(markdown: str) -> list[dict[str, Any]]:
    """The body as blocks, each within Slack's per-block limits."""
    blocks: list[dict[str, Any]] = []
    paragraph: list[str] = []
    code: list[str] | None = None

    def flush() -> None:
        if paragraph:
            blocks.extend(_sections("\n".join(paragraph)))
            paragraph.clear()

    for line in markdown.splitlines():
        if line.strip().startswith("```"):
            if code is None:
                flush()
                code = []
            else:
                blocks.extend(_sections("```" + escape("\n".join(code)) + "```", escaped=True))
                code = None
            continue
        if code is not None:
            code.append(line)
        elif heading := _HEADING.match(line):
            flush()
            blocks.append(
                {
                    "type": "header",
                    "text": plain(truncate(heading.group(2), MAX_HEADER_TEXT), MAX_HEADER_TEXT),
                }
            )
        elif not line.strip():
            flush()
        else:
            paragraph.append(_BULLET.sub(lambda m: m.group(1) + "• ", line))
    if code is not None:
        blocks.extend(_sections("```" + escape("\n".join(code)) + "```", escaped=True))
    flush()
    return blocks


def _sections(text: str, *, escaped: bool = False) -> list[dict[str, Any]]:
    """Sections of at most `MAX_SECTION_TEXT` characters, cut at line ends where possible."""
    rendered = text if escaped else "\n".join(inline(line) for line in text.split("\n"))
    chunks = []
    while len(rendered) > MAX_SECTION_TEXT:
        cut = rendered.rfind("\n", 0, MAX_SECTION_TEXT - 10)
        cut = cut if cut > MAX_SECTION_TEXT // 2 else MAX_SECTION_TEXT - 10
        chunks.append(rendered[:cut])
        rendered = rendered[cut:].lstrip("\n")
    chunks.append(rendered)
    return [
        {"type": "section", "text": mrkdwn(truncate(chunk, MAX_SECTION_TEXT))}
        for chunk in chunks
        if chunk.strip()
    ]


def paginate(blocks: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Pages of at most `BLOCKS_PER_PAGE` blocks and about `CHARS_PER_PAGE` characters."""
    pages: list[list[dict[str, Any]]] = [[]]
    size = 0
    for block in blocks:
        length = len(str(block.get("text", {}).get("text", "")))
        if pages[-1] and (len(pages[-1]) >= BLOCKS_PER_PAGE or size + length > CHARS_PER_PAGE):
            pages.append([])
            size = 0
        pages[-1].append(block)
        size += length
    return pages


def reader_view(
    article: Article, page: int, *, catalog: Catalog | None = None, url: str | None = None
) -> dict[str, Any]:
    """The modal for one page of the article (pages count from 0; an out-of-range page shows the last)."""
    pages = paginate(body_blocks(article.body or article.summary))
    page = max(0, min(page, len(pages) - 1))
    head = (
        f"*{link(url or article.url, escape(truncate(article.title, 200)))}*\n{meta_line(article, catalog)}"
    )
    blocks: list[dict[str, Any]] = [{"type": "section", "text": mrkdwn(head)}, {"type": "divider"}]
    blocks += pages[page]
    if len(pages) > 1:
        blocks.append(_navigation(article.slug, page, len(pages)))
    return {
        "type": "modal",
        "callback_id": "insights_reader",
        "title": plain(truncate(article.title, MODAL_TITLE_CHARS), MODAL_TITLE_CHARS),
        "close": plain("Close"),
        "blocks": blocks,
    }


def _navigation(slug: str, page: int, count: int) -> dict[str, Any]:
    elements = []
    if page > 0:
        state = actions.ButtonState(actions.KIND_SEARCH, "", None, page - 1, slug)
        elements.append(actions.button("Previous page", actions.READ_PAGE, actions.encode(state)))
    if page + 1 < count:
        state = actions.ButtonState(actions.KIND_SEARCH, "", None, page + 1, slug)
        elements.append(
            actions.button(f"Next page ({page + 2} of {count})", actions.READ_PAGE, actions.encode(state))
        )
    return {"type": "actions", "elements": elements}
