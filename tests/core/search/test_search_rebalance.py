"""Answering unseen questions: related words, title and tag words amid generic ones, real-word typos."""

from __future__ import annotations

from collections.abc import Callable

from bot.core.search import SearchIndex
from bot.core.search.phrases import Phrases
from tests.core.search.conftest import make_article

Build = Callable[..., SearchIndex]


def _catalog(build_index: Build) -> SearchIndex:
    return build_index(
        make_article(
            "k8s",
            "Kubernetes in practice",
            tags=("kubernetes", "rollback", "gitops"),
            summary="Every deployment is declarative and a rollback is one command.",
        ),
        make_article(
            "billing",
            "Subscription billing with Stripe",
            tags=("stripe", "payments", "webhooks"),
            summary="Webhooks, retries and failed payments in a subscription product.",
        ),
        make_article(
            "debt",
            "Technical debt",
            tags=("technical-debt", "refactoring"),
            summary="Interest paid on past shortcuts, and how to pay it back.",
        ),
        make_article(
            "ws",
            "Real-time with WebSockets",
            tags=("websockets", "polling", "presence"),
            summary="A persistent connection instead of constant polling.",
        ),
    )


def _slugs(index: SearchIndex, query: str) -> list[str]:
    return [hit.article.slug for hit in index.search(query).results]


def test_related_word_finds_the_article_that_uses_the_field_term(build_index: Build) -> None:
    assert _slugs(_catalog(build_index), "how do we undo a bad release?")[:1] == ["k8s"]


def test_related_word_scores_below_the_word_itself(build_index: Build) -> None:
    index = _catalog(build_index)
    typed = index.search("rollback").results[0].score
    related = index.search("undo").results[0].score
    assert 0 < related < typed


def test_specific_tag_word_answers_amid_generic_words_the_catalog_does_not_use(build_index: Build) -> None:
    assert _slugs(_catalog(build_index), "why not just poll the server every few seconds?")[:1] == ["ws"]


def test_rare_word_the_catalog_lacks_leaves_the_question_unanswered(build_index: Build) -> None:
    assert _slugs(_catalog(build_index), "how do we tune kafka polling?") == []


def test_everyday_word_next_to_a_title_word_is_repaired_into_the_title_phrase(build_index: Build) -> None:
    response = _catalog(build_index).search("technical dept")
    assert [hit.article.slug for hit in response.results][:1] == ["debt"]


def test_everyday_word_alone_is_not_respelt(build_index: Build) -> None:
    assert _slugs(_catalog(build_index), "dept") == []


def test_phrase_repair_respells_the_unknown_side_of_a_known_pair() -> None:
    phrases = Phrases.of(["Scope creep and sprint planning", "technical-debt"])
    repair = phrases.repair("scope", "creek", True, False)
    assert repair is not None
    assert (repair.position, repair.word, repair.distance) == (1, "creep", 1)


def test_phrase_repair_leaves_a_pair_of_known_words_alone() -> None:
    assert Phrases.of(["technical debt"]).repair("technical", "dept", True, True) is None


def test_phrase_repair_ignores_words_too_far_from_any_phrase() -> None:
    assert Phrases.of(["technical debt"]).repair("technical", "writing", True, False) is None


def test_two_unknown_words_side_by_side_name_a_topic_the_catalog_lacks(build_index: Build) -> None:
    assert _slugs(_catalog(build_index), "how do we poll email signatures?") == []


def test_unknown_words_apart_in_the_text_are_no_phrase(build_index: Build) -> None:
    assert _slugs(_catalog(build_index), "how do we poll email and signatures?")[:1] == ["ws"]


def _stems_catalog(build_index: Build) -> SearchIndex:
    return build_index(
        make_article(
            "rt",
            "Real-time notifications",
            tags=("socket-io", "notifications"),
            summary="Events pushed from Socket.io to the browser.",
        ),
        make_article(
            "acl",
            "Access control for internal tools",
            tags=("access", "permissions"),
            summary="Who may read and change what, enforced in one place.",
        ),
    )


def test_short_name_is_not_cut_down_to_a_two_letter_stem(build_index: Build) -> None:
    assert _slugs(_stems_catalog(build_index), "ios") == []


def test_word_sharing_only_a_stem_with_a_title_word_does_not_answer_amid_unknown_words(
    build_index: Build,
) -> None:
    assert _slugs(_stems_catalog(build_index), "is there a checklist for accessibility audits?") == []
