"""The `/insights` grammar and the reading of mentions and DMs: what a user's text asks for, decided once.

Keeping the grammar pure means the slash command, the local shell and the tests all agree on what `latest`,
`subscribe security` or `kubernets` mean. The category-or-search decision is made here and nowhere else:
search itself never turns a query into a listing, so `/insights search security` searches, as help promises.
"""

from __future__ import annotations

import re
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
    """Newest articles; `category` (already resolved) narrows them to one category."""

    category: str | None = None


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


@dataclass(frozen=True, slots=True)
class Report:
    """`/insights report`: the top gaps and the articles needing attention, for category owners and admins."""


@dataclass(frozen=True, slots=True)
class Question:
    """A mention or DM asking something: answered from the catalog."""

    text: str


@dataclass(frozen=True, slots=True)
class SmallTalk:
    """`hi`, `thanks`, `hello?`: a friendly word back, and never a knowledge gap."""

    text: str


@dataclass(frozen=True, slots=True)
class ChannelOnly:
    """A subcommand typed in a DM that only works in a channel (`subscribe security`)."""

    keyword: str


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
    | Report
)
MessageIntent = Help | Categories | Latest | CategoryListing | Question | SmallTalk | ChannelOnly | Usage
Resolver = Callable[[str], "str | None"]

_HELP_WORDS = frozenset({"help", "?", "-h", "--help", "usage"})
_CATEGORIES_WORDS = frozenset({"categories", "category", "cats", "topics"})
_LATEST_WORDS = frozenset({"latest", "new", "newest", "recent"})
_SUBSCRIPTIONS_WORDS = frozenset({"subscriptions", "subs"})
_SEARCH_WORDS = frozenset({"search", "find"})
_REPORT_WORDS = frozenset({"report", "reports"})
_LONG_KEYWORDS = ("categories", "latest", "subscriptions", "subscribe", "unsubscribe", "digest")
_NEEDS_CATEGORY: dict[str, type[Subscribe | Unsubscribe | DigestPreview]] = {
    "subscribe": Subscribe,
    "unsubscribe": Unsubscribe,
    "digest": DigestPreview,
}
_CHANNEL_ONLY = frozenset({"subscribe", "unsubscribe", "subscriptions", "subs", "digest"})
_MENTION = re.compile(r"<[@!][^<>]*>")
_SMALL_TALK = frozenset(
    {
        "hi", "hey", "hello", "hiya", "yo", "howdy", "morning", "good morning", "good afternoon",
        "good evening", "thanks", "thank you", "thx", "ty", "cheers", "ok", "okay", "cool", "great",
        "nice", "awesome", "bye", "goodbye", "hey there", "hi there", "hello there", "thanks a lot",
        "thank you so much", "many thanks", "ping", "you there", "are you there", "sup", "what's up",
    }
)  # fmt: skip


def plain_text(text: str) -> str:
    """Slack's escaped, marked-up text as the plain words the user saw, whitespace collapsed.

    Mentions and broadcasts (`<!channel>`, `<@U123>`) are dropped: they address people, they are not words to
    search for, and dropping them here means they can never be echoed back as a ping.
    """
    plain = from_slack(_MENTION.sub(" ", text or ""))
    cleaned = "".join(ch if ch.isprintable() else " " for ch in plain)
    return " ".join(cleaned.split())


def parse_command(text: str, resolve_category: Resolver) -> Intent:
    """Decide what `/insights <text>` asks for.

    `resolve_category` maps user text to a category name (exact, alias or near-miss spelling) or None; it is
    the catalog snapshot's resolver, passed in so the grammar stays pure.
    """
    words = plain_text(text)
    if not words:
        return Help()
    head, _, rest = words.partition(" ")
    keyword, rest = head.lower(), rest.strip()
    if not rest and (fixed := _bare_keyword(keyword)) is not None:
        return fixed
    if keyword in _NEEDS_CATEGORY:
        return _with_category(keyword, rest, resolve_category)
    if keyword in _SEARCH_WORDS:
        return Search(rest) if rest else Usage("What should I search for? Try `/insights search <words>`.")
    if keyword in _LATEST_WORDS and (category := resolve_category(rest)) is not None:
        return Latest(category)
    found = search_or_listing(words, resolve_category)
    if isinstance(found, Search) and _misspelt_keyword(keyword):
        return Help(unknown=head)
    return found


def search_or_listing(words: str, resolve_category: Resolver) -> CategoryListing | Search:
    """The one category decision: text that names a category lists it; anything else is searched."""
    category = resolve_category(words)
    return CategoryListing(category) if category is not None else Search(words)


def _bare_keyword(keyword: str) -> Intent | None:
    if keyword in _HELP_WORDS:
        return Help()
    if keyword in _CATEGORIES_WORDS:
        return Categories()
    if keyword in _LATEST_WORDS:
        return Latest()
    if keyword in _SUBSCRIPTIONS_WORDS:
        return Subscriptions()
    if keyword in _REPORT_WORDS:
        return Report()
    return None


def _with_category(keyword: str, rest: str, resolve_category: Resolver) -> Intent:
    """`subscribe X`, `unsubscribe X`, `digest X` and `digest preview X` (the CLI's own wording)."""
    if keyword == "digest":
        rest = _without_preview_word(rest, resolve_category)
    if not rest:
        shown = "digest preview" if keyword == "digest" else keyword
        return Usage(
            f"Which category? Try `/insights {shown} <category>`; `/insights categories` lists them."
        )
    return _NEEDS_CATEGORY[keyword](rest)


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


def parse_message(text: str, resolve_category: Resolver, *, direct: bool) -> MessageIntent:
    """What a mention or DM asks for: help, small talk, a category, a subcommand, or a question.

    In a DM (`direct`) the slash grammar works too, so `categories` or `latest` answer as they would after
    `/insights`, and `subscribe security` says where that works instead of searching for "subscribe".
    """
    words = plain_text(text)
    if not words:
        return Help()
    lowered = words.lower().strip(" ?!.,:;")
    if lowered in _HELP_WORDS or lowered == "":
        return Help()
    if _is_small_talk(lowered):
        return SmallTalk(words)
    head = lowered.split(" ", 1)[0]
    if direct:
        if head in _CHANNEL_ONLY:
            return ChannelOnly(head)
        command = parse_command(words, resolve_category)
        if isinstance(command, Help | Categories | Latest | Usage):
            return command
    category = resolve_category(words)
    if category is not None:
        return CategoryListing(category)
    return Question(words)


def _is_small_talk(lowered: str) -> bool:
    """Greetings and thanks, optionally addressed (`hi team`, `thanks!`), but never a real question."""
    if lowered in _SMALL_TALK:
        return True
    first, _, rest = lowered.partition(" ")
    return first in {"hi", "hey", "hello", "thanks", "thx"} and rest in {"", "team", "all", "there", "bot"}
