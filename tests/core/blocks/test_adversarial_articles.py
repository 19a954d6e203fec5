"""Articles anyone could write (the catalog is a shared folder): whatever they contain, messages stay valid."""

from __future__ import annotations

import pytest

from bot.core.blocks import answers, results
from bot.core.blocks.text import MAX_FALLBACK_TEXT
from tests.core.blocks.blockkit_checks import assert_valid_message
from tests.core.blocks.builders import answered, article, catalog, hit

HOSTILE_TEXTS = {
    "ampersands": "&" * 5000,
    "pings": "<!channel> <!here> " * 400,
    "markup": "<@U0BOB> <#C1|x> &amp; <https://evil.example|click> " * 100,
    "emoji and rtl": "مرحبا بالعالم 👩‍👩‍👧‍👦🏳️‍🌈 " * 400,
}


@pytest.mark.parametrize("name", sorted(HOSTILE_TEXTS))
def test_answer_fallback_text_stays_within_the_limit_after_escaping(name: str) -> None:
    text = HOSTILE_TEXTS[name]
    item = article("s1", title=text, summary=text)
    message = answers.answer_message("question", answered(hit(item, text)), catalog=catalog(item))
    assert len(message["text"]) <= MAX_FALLBACK_TEXT
    assert_valid_message(message)


@pytest.mark.parametrize("name", sorted(HOSTILE_TEXTS))
def test_result_page_fallback_text_stays_within_the_limit_after_escaping(name: str) -> None:
    text = HOSTILE_TEXTS[name]
    items = tuple((article(f"s{i}", title=text, summary=text), None) for i in range(10))
    page = results.Page(text, items, 500, 0, None)
    message = results.page_message(page, query=text, catalog=catalog(*(a for a, _ in items)))
    assert len(message["text"]) <= MAX_FALLBACK_TEXT
    assert_valid_message(message)


def test_shared_card_fallback_text_stays_within_the_limit_after_escaping() -> None:
    item = article("s1", title="&" * 5000)
    message = results.shared_message(item, "U0ALICE", catalog=catalog(item))
    assert len(message["text"]) <= MAX_FALLBACK_TEXT
    assert message["text"].endswith("…")
