"""Threaded answers to `@insights <question>` and to DMs, in three honest tiers.

- *Answer*: up to three articles that answer it, each with the passage that does;
- *Might help*: related articles worded as such ("These may help"), never as the answer;
- *Nothing*: "No article covers that yet", and no unrelated article.

Answers are posted for the whole channel, so each article carries *Read*, *Helpful* and *Not helpful*: that
feedback is how the team learns which articles answer which questions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.core.blocks import actions
from bot.core.blocks.cards import article_section, link
from bot.core.blocks.expert_tag import expert_button  # owners: the Ask-an-expert button
from bot.core.blocks.text import MAX_FALLBACK_TEXT, echo, escape, fallback_text, mrkdwn, truncate
from bot.core.catalog.model import Article, Catalog
from bot.core.owners.route import likely_category  # owners: the category whose owners are asked

if TYPE_CHECKING:
    from bot.core.search import Hit, SearchResponse, Why

MAX_ANSWERS = 3
WHY_WORDS = 4
NOTED = "I've noted the question for the people who look after the catalog."


def article_buttons(article: Article, question: str, *, url: str | None = None) -> dict[str, Any]:
    """Read (a modal with the whole article), Open (its page, when it has one), Helpful, Not helpful."""
    value = actions.encode(actions.ButtonState(kind=actions.KIND_SEARCH, query=question, slug=article.slug))
    elements = [actions.button("Read", actions.READ, value)]
    target = url or article.url
    if target and link(target, "x") != "x":
        elements.append(actions.button("Open", actions.OPEN, value, url=target))
    elements += [
        actions.button("Helpful", actions.HELPFUL, value),
        actions.button("Not helpful", actions.NOT_HELPFUL, value),
    ]
    return {"type": "actions", "elements": elements}


def why_line(why: Why) -> str:
    """ "Why this result?" in one grey line: the article's words that met the query, with the field each is
    in, and how close the meanings are."""
    words = [f"_{escape(word)}_ ({field})" for field, found in why.fields for word in found[:WHY_WORDS]]
    parts = [f"matched {', '.join(words[: WHY_WORDS * 2])}"] if words else []
    if why.similarity is not None:
        parts.append(f"meaning {max(0.0, why.similarity):.0%} similar")
    return "Why: " + " · ".join(parts) if parts else ""


def corrections_line(corrections: Sequence[tuple[str, str]]) -> str:
    """ "Showing results for *kubernetes* (you typed *kubernets*)"."""
    if not corrections:
        return ""
    used = " ".join(f"*{escape(right)}*" for _, right in corrections)
    typed = " ".join(f"_{escape(wrong)}_" for wrong, _ in corrections)
    return f"Showing results for {used} (you typed {typed})"


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [mrkdwn(truncate(text, 2000))]}


def _cards(
    hits: Sequence[Hit], question: str, catalog: Catalog | None, links: dict[str, str], today: dt.date | None
) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for hit in hits[:MAX_ANSWERS]:
        blocks.append(article_section(hit.article, snippet=hit.snippet, catalog=catalog, today=today))
        why = why_line(hit.why)
        if why:
            blocks.append(_context(why))
        blocks.append(article_buttons(hit.article, question, url=links.get(hit.article.slug)))
    return blocks


def answer_message(
    question: str,
    response: SearchResponse,
    *,
    catalog: Catalog | None = None,
    links: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The answer tier: up to three articles, each with the passage that matched, why, and its buttons."""
    shown = list(response.results[:MAX_ANSWERS])
    intro = "Here is what I found" if len(shown) > 1 else "This article looks like the answer"
    head = f"{intro} for “{echo(question)}”:"
    blocks = _tier_blocks(head, shown, question, response, catalog, links or {}, today)
    return {"text": fallback_text(f"{intro}: {_titles(shown)}"), "blocks": blocks}


def tentative_message(
    question: str,
    response: SearchResponse,
    *,
    catalog: Catalog | None = None,
    links: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The "might help" tier: related articles, not called the answer, with the same buttons."""
    shown = list(response.tentative[:MAX_ANSWERS])
    head = f"I'm not sure an article answers “{echo(question)}”, but these may help:"
    blocks = _tier_blocks(head, shown, question, response, catalog, links or {}, today)
    blocks.append(_context(NOTED))
    blocks.append(expert_button(question, likely_category(response)))  # owners: Ask an expert
    return {"text": fallback_text(f"These may help: {_titles(shown)}"), "blocks": blocks}


def _tier_blocks(
    head: str,
    shown: list[Hit],
    question: str,
    response: SearchResponse,
    catalog: Catalog | None,
    links: dict[str, str],
    today: dt.date | None,
) -> list[dict[str, Any]]:
    """The opening line, the typo repair if any, then each article's card, why and buttons."""
    blocks: list[dict[str, Any]] = [{"type": "section", "text": mrkdwn(head)}]
    if fixed := corrections_line(response.corrections):
        blocks.append(_context(fixed))
    return blocks + _cards(shown, question, catalog, links, today)


def _titles(hits: list[Hit]) -> str:
    return "; ".join(hit.article.title for hit in hits)


def nothing_message(question: str, category: str | None = None) -> dict[str, Any]:
    """Nothing covers it: say so plainly; no unrelated article, and the question goes to the owners.

    `category` is the likely one (from the search's suggestions), whose owners *Ask an expert* tags."""
    text = f"No article covers “{echo(question)}” yet. {NOTED} `/insights categories` lists what we have."
    return {
        "text": truncate("No article covers that yet.", MAX_FALLBACK_TEXT),
        "blocks": [{"type": "section", "text": mrkdwn(text)}, expert_button(question, category)],
    }


def reply_for(
    question: str,
    response: SearchResponse,
    *,
    catalog: Catalog | None = None,
    links: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The message for whichever tier the search decided."""
    if response.confidence == "answer" and response.results:
        return answer_message(question, response, catalog=catalog, links=links, today=today)
    if response.confidence == "tentative" and response.tentative:
        return tentative_message(question, response, catalog=catalog, links=links, today=today)
    return nothing_message(question, likely_category(response))  # owners: category for Ask an expert


def feedback_thanks(helpful: bool) -> dict[str, Any]:
    text = "Thanks, noted as helpful." if helpful else "Thanks, noted. We'll use it to improve the articles."
    return {"response_type": "ephemeral", "replace_original": False, "text": text}
