"""What an article is compared with: its whole text and short passages, tags and declared questions included."""

from __future__ import annotations

import dataclasses

from bot.core.search.tiers import ANSWER_SIMILARITY
from bot.semantic import document_text
from bot.semantic.meaning import CatalogMeaning, passages
from tests.semantic.conftest import make_article


def tagged(**changes: object):
    article = make_article(
        "mfa", "Adding a second lock on the door", "How we built TOTP codes. Backup codes and recovery."
    )
    fields: dict[str, object] = {"tags": ("two-factor-authentication", "totp"), **changes}
    return dataclasses.replace(article, **fields)


def test_tags_are_read_as_words_in_the_passages_and_the_whole_text() -> None:
    article = tagged()
    assert "two factor authentication, totp" in passages(article)
    assert "two factor authentication, totp" in document_text(article)


def test_retagging_an_article_embeds_it_again() -> None:
    before, after = tagged(), tagged(tags=("mfa",))
    assert document_text(before) != document_text(after)


def test_an_owners_declared_questions_are_compared_before_the_summary_sentences() -> None:
    questions = ("what if someone loses their phone?", "how do backup codes work?", "can admins reset 2fa?")
    found = passages(tagged(questions=questions))
    assert found[:2] == ["Adding a second lock on the door", "two factor authentication, totp"]
    assert found[2:5] == list(questions)


def test_a_question_in_the_words_of_the_tags_is_close_enough_to_be_answered(minilm) -> None:
    plain = make_article("files", "Storing and serving files", "Uploads go to object storage behind a CDN.")
    meaning = CatalogMeaning.build([plain, tagged()], minilm, None)
    similarity = meaning.similarities("how do we do 2fa with authenticator apps?")
    assert similarity is not None
    assert int(similarity.argmax()) == 1
    assert similarity[1] >= ANSWER_SIMILARITY
