"""User text can never ping or break a message: escaping, neutralising markup, trimming."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.core.blocks.text import ELLIPSIS, escape, from_slack, truncate


def test_escape_turns_control_characters_into_entities():
    assert escape("a & b <c> d") == "a &amp; b &lt;c&gt; d"


def test_channel_mention_typed_by_a_user_is_echoed_without_a_ping():
    echoed = escape(from_slack("tell <!channel> and <!here|here> and <!subteam^S1|devs>"))
    assert "<" not in echoed
    assert echoed == "tell @channel and @here and @devs"


def test_user_and_channel_markup_become_their_visible_labels():
    assert from_slack("ask <@U123> in <#C1|general>") == "ask @U123 in #general"


def test_links_keep_their_label_and_slack_entities_are_undone():
    assert from_slack("see <https://x.test|the docs> &amp; &lt;b&gt;") == "see the docs & <b>"


def test_truncate_adds_an_ellipsis_within_the_limit():
    assert truncate("abcdefghij", 5) == "abcd" + ELLIPSIS
    assert truncate("short", 5) == "short"


def test_truncate_never_cuts_an_entity_in_half():
    assert truncate("ab &amp; cd", 6) == "ab" + ELLIPSIS


@given(st.text())
def test_escaped_user_text_never_contains_markup(text):
    echoed = escape(from_slack(text))
    assert "<" not in echoed
    assert ">" not in echoed


@given(st.text(), st.integers(min_value=1, max_value=200))
def test_truncate_respects_the_limit(text, limit):
    assert len(truncate(text, limit)) <= limit
