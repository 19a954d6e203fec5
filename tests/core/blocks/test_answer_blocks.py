"""Threaded answers: at most three articles, the passage, feedback buttons; a clear no-answer otherwise."""

from __future__ import annotations

from bot.core.blocks import actions, answers
from bot.core.search import Suggestion
from tests.core.blocks.blockkit_checks import assert_valid_message
from tests.core.blocks.builders import article, hit


def test_answer_shows_at_most_three_articles_each_with_feedback_buttons() -> None:
    hits = [hit(article(f"a{i}")) for i in range(5)]
    message = answers.answer_message("how do tokens work?", hits)
    feedback = [b for b in message["blocks"] if b["type"] == "actions"]
    assert len(feedback) == 3
    ids = [[e["action_id"] for e in block["elements"]] for block in feedback]
    assert ids == [[actions.HELPFUL, actions.NOT_HELPFUL]] * 3
    assert_valid_message(message)


def test_feedback_buttons_carry_the_slug_and_question() -> None:
    message = answers.answer_message("refresh tokens?", [hit(article("sessions"))])
    button = message["blocks"][2]["elements"][0]
    state = actions.decode(button["value"])
    assert (state.slug, state.query) == ("sessions", "refresh tokens?")


def test_answer_to_a_question_with_pings_echoes_it_escaped() -> None:
    message = answers.answer_message("<!channel> <@U123> tokens & more", [hit(article("a"))])
    assert "&lt;!channel&gt; &lt;@U123&gt; tokens &amp; more" in message["blocks"][0]["text"]["text"]
    assert_valid_message(message)


def test_no_answer_says_so_with_suggestions() -> None:
    message = answers.no_answer_message("banana bread", [Suggestion("category", "Engineering")])
    text = message["blocks"][0]["text"]["text"]
    assert "couldn't find" in text
    assert "Engineering _(category)_" in text
    assert_valid_message(message)


def test_very_long_question_is_trimmed_in_the_echo_and_the_button_value() -> None:
    question = "why " * 1000
    message = answers.answer_message(question, [hit(article("a"))])
    assert_valid_message(message)
