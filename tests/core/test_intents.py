"""The `/insights` grammar: each kind of text maps to one intent, whatever Slack markup it carries."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core import intents
from bot.core.intents import (
    Categories,
    CategoryListing,
    DigestPreview,
    Help,
    Latest,
    Search,
    Subscribe,
    Subscriptions,
    Unsubscribe,
    Usage,
    parse_command,
    parse_mention,
)

ALIASES = {
    "security": "Security",
    "sec": "Security",
    "secruity": "Security",
    "cloud & devops": "Cloud & DevOps",
}


def resolve(text: str) -> str | None:
    return ALIASES.get(text.lower())


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("", Help()),
        ("   ", Help()),
        ("help", Help()),
        ("HELP", Help()),
        ("categories", Categories()),
        ("latest", Latest()),
        ("security", CategoryListing("Security")),
        ("sec", CategoryListing("Security")),
        ("secruity", CategoryListing("Security")),
        ("Cloud &amp; DevOps", CategoryListing("Cloud & DevOps")),
        ("kubernetes gitops", Search("kubernetes gitops")),
        ("search security", Search("security")),
        ("subscribe security", Subscribe("security")),
        ("unsubscribe sec", Unsubscribe("sec")),
        ("subscriptions", Subscriptions()),
        ("digest security", DigestPreview("security")),
        ("digest preview security", DigestPreview("security")),
        ("digest Preview cloud & devops", DigestPreview("cloud & devops")),
        ("latest kubernetes", Search("latest kubernetes")),
        ("help me with tokens", Search("help me with tokens")),
    ],
)
def test_text_maps_to_its_intent(text: str, intent: intents.Intent) -> None:
    assert parse_command(text, resolve) == intent


@pytest.mark.parametrize("text", ["subscibe security", "lastest", "categores", "unsubscibe cloud"])
def test_a_misspelt_subcommand_gets_help_naming_it(text: str) -> None:
    assert parse_command(text, resolve) == Help(unknown=text.split()[0])


def test_a_word_merely_near_a_short_keyword_is_searched() -> None:
    assert parse_command("hel tokens", resolve) == Search("hel tokens")


@pytest.mark.parametrize("word", ["subscribe", "unsubscribe", "digest", "search", "digest preview"])
def test_subcommand_without_its_argument_explains_usage(word: str) -> None:
    assert isinstance(parse_command(word, resolve), Usage)


def test_slack_markup_becomes_plain_words() -> None:
    assert parse_command("<!channel> <@U123|bob> &lt;tokens&gt;", resolve) == Search("@channel @bob <tokens>")


def test_control_characters_and_newlines_collapse_to_spaces() -> None:
    assert parse_command("refresh\n\ttokens\x00 now", resolve) == Search("refresh tokens now")


def test_long_text_is_kept_whole_for_search_to_judge() -> None:
    assert parse_command("x" * 4000, resolve) == Search("x" * 4000)


def test_emoji_and_right_to_left_text_are_searched() -> None:
    assert parse_command("🔐 שלום tokens", resolve) == Search("🔐 שלום tokens")


def test_mention_question_drops_the_bots_own_mention() -> None:
    assert parse_mention("<@UBOT> how do we store tokens?", "UBOT") == "how do we store tokens?"
    assert parse_mention("hey <@UBOT|insights> tokens", "UBOT") == "hey tokens"


def test_mention_without_a_question_is_empty() -> None:
    assert parse_mention("<@UBOT>  ", "UBOT") == ""


def test_other_mentions_in_a_question_stay_as_plain_names() -> None:
    assert parse_mention("<@UBOT> ask <@U123> about <!here>", "UBOT") == "ask @U123 about @here"


@given(st.text(max_size=300))
def test_any_text_parses_to_an_intent(text: str) -> None:
    assert parse_command(text, resolve) is not None
    assert isinstance(parse_mention(text, "UBOT"), str)
