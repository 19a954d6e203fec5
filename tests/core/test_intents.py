"""The `/insights` grammar: each kind of text maps to one intent, whatever Slack markup it carries."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core import intents
from bot.core.intents import (
    Categories,
    CategoryListing,
    ChannelOnly,
    DigestPreview,
    Help,
    Latest,
    Question,
    Search,
    SmallTalk,
    Subscribe,
    Subscriptions,
    Unsubscribe,
    Usage,
    parse_command,
    parse_message,
    plain_text,
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
        ("latest security", Latest("Security")),
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
    assert parse_command("<!channel> <@U123|bob> &lt;tokens&gt;", resolve) == Search("<tokens>")
    assert parse_command("<!channel> security", resolve) == CategoryListing("Security")


def test_control_characters_and_newlines_collapse_to_spaces() -> None:
    assert parse_command("refresh\n\ttokens\x00 now", resolve) == Search("refresh tokens now")


def test_long_text_is_kept_whole_for_search_to_judge() -> None:
    assert parse_command("x" * 4000, resolve) == Search("x" * 4000)


def test_emoji_and_right_to_left_text_are_searched() -> None:
    assert parse_command("🔐 שלום tokens", resolve) == Search("🔐 שלום tokens")


def test_mentions_and_broadcasts_are_dropped_from_a_question() -> None:
    assert plain_text("<@UBOT> how do we store tokens?") == "how do we store tokens?"
    assert plain_text("hey <@UBOT|insights> tokens") == "hey tokens"
    assert plain_text("<@UBOT> ask <@U123> about <!here>") == "ask about"


def test_mention_without_a_question_gets_help() -> None:
    assert parse_message("<@UBOT>  ", resolve, direct=False) == Help()


@pytest.mark.parametrize("text", ["hi", "Hello?", "thanks!", "thank you", "hey team", "<@UBOT> hi there"])
def test_greetings_and_thanks_are_small_talk(text: str) -> None:
    assert isinstance(parse_message(text, resolve, direct=False), SmallTalk)


def test_a_question_that_starts_with_a_greeting_is_still_a_question() -> None:
    assert parse_message("hi, how do we rotate refresh tokens?", resolve, direct=False) == Question(
        "hi, how do we rotate refresh tokens?"
    )


def test_in_a_dm_the_slash_grammar_works_and_channel_commands_say_where() -> None:
    assert parse_message("categories", resolve, direct=True) == Categories()
    assert parse_message("latest security", resolve, direct=True) == Latest("Security")
    assert parse_message("subscribe security", resolve, direct=True) == ChannelOnly("subscribe")


def test_in_a_channel_mention_subscribe_is_just_a_question() -> None:
    assert parse_message("subscribe security", resolve, direct=False) == Question("subscribe security")


def test_digest_preview_reads_like_the_cli() -> None:
    assert parse_command("digest preview security", resolve) == DigestPreview("security")
    assert isinstance(parse_command("digest preview", resolve), Usage)


@given(st.text(max_size=300))
def test_any_text_parses_to_an_intent_and_a_search_has_collapsed_whitespace(text: str) -> None:
    command = parse_command(text, resolve)
    assert isinstance(command, intents.Intent)
    assert isinstance(parse_message(text, resolve, direct=True), intents.MessageIntent)
    if isinstance(command, Search):
        assert command.query == " ".join(command.query.split())  # whitespace collapsed
