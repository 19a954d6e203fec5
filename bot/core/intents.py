"""The `/insights` grammar: what a user's text asks for, decided once, before any Slack or search code runs.

Keeping the grammar pure means the slash command, the local shell and the tests all agree on what `latest`,
`subscribe security` or `kubernets` mean, and a new subcommand is one branch here plus one handler.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from bot.core.blocks.text import from_slack


@dataclass(frozen=True, slots=True)
class Help:
    """Show usage; `unknown` carries a subcommand-looking word we did not recognise, to say so."""

    unknown: str | None = None


@dataclass(frozen=True, slots=True)
class Categories:
    pass


@dataclass(frozen=True, slots=True)
class Latest:
    pass


@dataclass(frozen=True, slots=True)
class CategoryListing:
    category: str


@dataclass(frozen=True, slots=True)
class Search:
    query: str


@dataclass(frozen=True, slots=True)
class Subscribe:
    category: str


@dataclass(frozen=True, slots=True)
class Unsubscribe:
    category: str


@dataclass(frozen=True, slots=True)
class Subscriptions:
    pass


@dataclass(frozen=True, slots=True)
class DigestPreview:
    category: str


@dataclass(frozen=True, slots=True)
class Usage:
    """The text was understood as a subcommand but is incomplete; `message` is plain text for the user."""

    message: str


Intent = (
    Help
    | Categories
    | Latest
    | CategoryListing
    | Search
    | Subscribe
    | Unsubscribe
    | Subscriptions
    | DigestPreview
    | Usage
)

_HELP_WORDS = frozenset({"help", "?", "-h", "--help", "usage"})
_CATEGORIES_WORDS = frozenset({"categories", "category", "cats", "topics"})
_LATEST_WORDS = frozenset({"latest", "new", "newest", "recent"})
_SUBSCRIPTIONS_WORDS = frozenset({"subscriptions", "subs"})
_LONG_KEYWORDS = ("categories", "latest", "subscriptions", "subscribe", "unsubscribe", "digest")
_NEEDS_CATEGORY = {
    "subscribe": Subscribe,
    "unsubscribe": Unsubscribe,
    "digest": DigestPreview,
}


def normalise(text: str) -> str:
    """Slack's escaped, marked-up text as the plain words the user saw, whitespace collapsed.

    Mentions and channel links become their labels (`<!channel>` -> `@channel`), so they are searched as words
    and can only ever be echoed back escaped.
    """
    plain = from_slack(text or "")
    cleaned = "".join(ch if ch.isprintable() else " " for ch in plain)
    return " ".join(cleaned.split())


def parse_command(text: str, resolve_category: Callable[[str], str | None]) -> Intent:
    """Decide what `/insights <text>` asks for.

    `resolve_category` maps user text to a category name (exact, alias or near-miss spelling) or None; it is
    the search index's resolver, passed in so the grammar stays pure.
    """
    words = normalise(text)
    if not words:
        return Help()
    head, _, rest = words.partition(" ")
    keyword = head.lower()
    rest = rest.strip()
    if keyword in _HELP_WORDS and not rest:
        return Help()
    if keyword in _CATEGORIES_WORDS and not rest:
        return Categories()
    if keyword in _LATEST_WORDS and not rest:
        return Latest()
    if keyword in _SUBSCRIPTIONS_WORDS and not rest:
        return Subscriptions()
    if keyword == "digest":
        rest = _without_preview_word(rest, resolve_category)
    if keyword in _NEEDS_CATEGORY:
        if not rest:
            return Usage(
                f"Which category? Try `/insights {keyword} <category>`; `/insights categories` lists them."
            )
        return _NEEDS_CATEGORY[keyword](rest)
    if keyword in {"search", "find"}:
        return Search(rest) if rest else Usage("What should I search for? Try `/insights search <words>`.")
    category = resolve_category(words)
    if category is not None:
        return CategoryListing(category)
    if _misspelt_keyword(keyword):
        return Help(unknown=head)
    return Search(words)


def _without_preview_word(rest: str, resolve_category: Callable[[str], str | None]) -> str:
    """`digest preview security` is what the CLI says (`insights-bot digest preview`), so Slack takes it too;
    a category actually called Preview still wins."""
    first, _, after = rest.partition(" ")
    if first.lower() != "preview" or resolve_category(rest) is not None:
        return rest
    return after.strip()


def _misspelt_keyword(word: str) -> bool:
    """`subscibe`, `lastest`, `categores`: one edit away from a long subcommand, so a typo, not a search."""
    if len(word) < 5:
        return False
    return any(Levenshtein.distance(word, keyword) == 1 for keyword in _LONG_KEYWORDS)


def parse_mention(text: str, bot_user_id: str | None) -> str:
    """The question in an `@insights ...` message: the bot's own mention removed, the rest as plain text.

    Empty means the user only mentioned the bot, which earns a short help rather than a search.
    """
    raw = text or ""
    if bot_user_id:
        raw = raw.replace(f"<@{bot_user_id}>", " ")
        raw = _drop_labelled_self_mention(raw, bot_user_id)
    return normalise(raw)


def _drop_labelled_self_mention(text: str, bot_user_id: str) -> str:
    marker = f"<@{bot_user_id}|"
    while (start := text.find(marker)) != -1:
        end = text.find(">", start)
        if end == -1:
            break
        text = text[:start] + " " + text[end + 1 :]
    return text
