"""Threaded answers in three tiers: the answer with its buttons, "these may help", or a plain "nothing yet"."""

from __future__ import annotations

from bot.core.blocks import actions, answers, reader
from bot.core.blocks.expert_tag import ASK_EXPERT
from bot.core.search import SearchResponse, Why
from tests.core.blocks.blockkit_checks import assert_valid_message, assert_valid_view
from tests.core.blocks.builders import answered, article, hit


def tentative(*hits) -> SearchResponse:
    return SearchResponse("q", None, (), (), 0, confidence="tentative", tentative=tuple(hits))


def action_rows(message: dict) -> list[list[str]]:
    return [[e["action_id"] for e in b["elements"]] for b in message["blocks"] if b["type"] == "actions"]


def test_answer_shows_at_most_three_articles_each_with_read_and_feedback_buttons() -> None:
    message = answers.answer_message(
        "how do tokens work?", answered(*(hit(article(f"a{i}")) for i in range(5)))
    )
    assert action_rows(message) == [[actions.READ, actions.HELPFUL, actions.NOT_HELPFUL]] * 3
    assert_valid_message(message)


def test_an_article_with_a_link_gets_an_open_button() -> None:
    message = answers.answer_message("q", answered(hit(article("a", url="https://wiki.example.com/a"))))
    [row] = [b for b in message["blocks"] if b["type"] == "actions"]
    assert row["elements"][1]["url"] == "https://wiki.example.com/a"


def test_feedback_buttons_carry_the_slug_and_question() -> None:
    message = answers.answer_message("refresh tokens?", answered(hit(article("sessions"))))
    [row] = [b for b in message["blocks"] if b["type"] == "actions"]
    state = actions.decode(row["elements"][-1]["value"])
    assert (state.slug, state.query) == ("sessions", "refresh tokens?")


def test_answer_to_a_question_with_pings_echoes_it_escaped() -> None:
    message = answers.answer_message("<!channel> <@U123> tokens & more", answered(hit(article("a"))))
    assert "&lt;!channel&gt; &lt;@U123&gt; tokens &amp; more" in message["blocks"][0]["text"]["text"]
    assert_valid_message(message)


def test_might_help_is_worded_as_such_never_as_the_answer() -> None:
    message = answers.reply_for("failed charges?", tentative(hit(article("payments"))))
    text = message["blocks"][0]["text"]["text"]
    assert "these may help" in text
    assert "couldn't find" not in text
    assert action_rows(message) == [[actions.READ, actions.HELPFUL, actions.NOT_HELPFUL], [ASK_EXPERT]]
    assert_valid_message(message)


def test_nothing_says_no_article_covers_it_and_shows_none() -> None:
    none = SearchResponse("q", None, (), (), 0, confidence="none")
    message = answers.reply_for("how do I request PTO?", none)
    assert "No article covers “how do I request PTO?” yet" in message["blocks"][0]["text"]["text"]
    assert action_rows(message) == [[ASK_EXPERT]]  # no article; only the way to ask an expert
    assert_valid_message(message)


def test_a_corrected_typo_is_shown_above_the_answer() -> None:
    message = answers.answer_message(
        "kubernets", answered(hit(article("k")), corrections=(("kubernets", "kubernetes"),))
    )
    assert (
        message["blocks"][1]["elements"][0]["text"]
        == "Showing results for *kubernetes* (you typed _kubernets_)"
    )


def test_why_this_result_names_fields_words_and_similarity() -> None:
    why = Why((("title", ("kubernetes",)), ("tags", ("gitops",))), 0.62)
    assert answers.why_line(why) == "Why: matched _kubernetes_ (title), _gitops_ (tags) · meaning 62% similar"


def test_very_long_question_is_trimmed_in_the_echo_and_the_button_value() -> None:
    message = answers.answer_message("why " * 1000, answered(hit(article("a"))))
    assert_valid_message(message)


def test_the_reader_renders_markdown_and_pages_a_long_article() -> None:
    body = "# Setup\n\nRun **this** and see [the docs](https://docs.example.com).\n\n```\nrm -rf <x>\n```\n"
    long = article("long", body=body + "\n\n".join(f"Paragraph {n} " + "word " * 300 for n in range(60)))
    first = reader.reader_view(long, 0)
    assert first["blocks"][2] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Setup", "emoji": True},
    }
    assert "Run *this* and see <https://docs.example.com|the docs>." in first["blocks"][3]["text"]["text"]
    assert first["blocks"][4]["text"]["text"] == "```rm -rf &lt;x&gt;```"
    [nav] = [b for b in first["blocks"] if b["type"] == "actions"]
    assert nav["elements"][0]["action_id"] == actions.READ_PAGE
    assert_valid_view(first)
    last = reader.reader_view(long, 99)
    assert [e["text"]["text"] for e in last["blocks"][-1]["elements"]] == ["Previous page"]
    assert_valid_view(last)
