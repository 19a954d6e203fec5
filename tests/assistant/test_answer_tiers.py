"""Questions in people's own words through the whole application, with the packaged model."""

from __future__ import annotations


def ask(bot, text: str) -> dict:
    return bot.assistant.message(text, user_id="U1", channel_id="C1", direct=False)


def test_a_paraphrased_question_gets_the_article_as_the_answer(semantic_bot) -> None:
    reply = ask(semantic_bot, "how do we scale our containers up automatically when traffic spikes?")
    assert reply["text"].startswith(("This article looks like the answer", "Here is what I found"))
    assert "Scaling Applications in the Cloud" in str(reply["blocks"])
    assert semantic_bot.store.unanswered() == []


def test_an_uncertain_question_gets_might_help_and_is_noted_for_the_owners(semantic_bot) -> None:
    question = "how do we stop a failed charge from cancelling someone's plan?"
    reply = ask(semantic_bot, question)
    assert reply["text"].startswith("These may help")
    assert "Building Subscription Payments" in str(reply["blocks"])
    assert [q for q, _ in semantic_bot.store.unanswered()] == [question]


def test_an_off_topic_question_gets_no_article_and_is_noted(semantic_bot) -> None:
    reply = ask(semantic_bot, "how do I request PTO?")
    assert reply["text"] == "No article covers that yet."
    assert "Read" not in str(reply["blocks"])
    assert [q for q, _ in semantic_bot.store.unanswered()] == ["how do I request PTO?"]


def test_without_the_model_answers_still_come_on_words(make_bot, tmp_path) -> None:
    bot = make_bot(embedding_model=str(tmp_path / "no-such-model"))
    reply = ask(bot, "how should we store refresh tokens?")
    assert "Securing User Sessions" in str(reply["blocks"])
    assert bot.catalog.current.index.meaning is None
