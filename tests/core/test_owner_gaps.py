"""Top gaps: near wordings of one question count together; the most asked come first."""

from __future__ import annotations

from bot.core.owners import Gap, top_gaps


def test_near_wordings_are_one_gap_and_the_most_asked_lead() -> None:
    asked = [
        "vpn on linux",
        "how to rotate jwt keys",
        "How do I rotate JWT keys?",
        "rotate jwt keys",
        "holiday policy",
        "VPN on Linux",
    ]

    assert top_gaps(asked, 2) == [Gap("how to rotate jwt keys", 3), Gap("vpn on linux", 2)]


def test_blank_questions_are_ignored_and_limit_zero_gives_nothing() -> None:
    assert top_gaps(["  ", "?!"], 5) == []
    assert top_gaps(["jwt"], 0) == []


def test_shared_question_words_or_one_shared_word_do_not_merge_different_gaps() -> None:
    asked = ["what is our holiday policy", "what is our expense policy", "vpn", "vpn setup on a mac"]

    assert [gap.count for gap in top_gaps(asked, 10)] == [1, 1, 1, 1]
