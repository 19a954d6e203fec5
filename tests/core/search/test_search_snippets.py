"""Snippets: the best-matching sentence, with matched words located for marking."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.core.search import SearchIndex, Snippet
from bot.core.search.snippet import sentence_starts, sentence_starts_many
from tests.core.search.conftest import make_article


def test_snippet_is_the_sentence_matching_most_query_words(build_index) -> None:
    body = "Intro sentence about nothing. Caching makes builds fast. Remote caching shares builds across CI."
    index = build_index(make_article("a", "Builds", body=body))
    snippet = index.search("remote caching").results[0].snippet
    assert snippet.text == "Remote caching shares builds across CI."


def test_marks_cover_matched_words_in_any_form(build_index) -> None:
    index = build_index(make_article("a", "Deploys", body="We deployed it. Nothing else."))
    snippet = index.search("deploy").results[0].snippet
    assert [snippet.text[start:end] for start, end in snippet.marks] == ["deployed"]


def test_snippet_without_matching_sentence_is_the_opening_unmarked(build_index) -> None:
    index = build_index(make_article("a", "Kubernetes", body="First words here. Second sentence."))
    snippet = index.search("kubernetes").results[0].snippet
    assert snippet == Snippet("First words here.", ())


def test_long_sentence_is_cut_around_its_first_mark(build_index) -> None:
    body = "word " * 200 + "needle " + "word " * 200
    index = build_index(make_article("a", "Haystack", body=body + "."))
    snippet = index.search("needle").results[0].snippet
    assert len(snippet.text) <= 250
    assert [snippet.text[start:end] for start, end in snippet.marks] == ["needle"]


def test_markdown_is_reduced_to_plain_text(build_index) -> None:
    index = build_index(make_article("a", "Links", body="See **the [caching guide](http://x.y)** now."))
    assert index.search("caching").results[0].snippet.text == "See the caching guide now."


def test_render_wraps_marks_and_escapes_every_segment() -> None:
    snippet = Snippet("a <b> & c", ((3, 4),))
    escape = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # noqa: E731
    assert snippet.render("*", "*", escape) == "a &lt;*b*&gt; &amp; c"


def test_render_ignores_overlapping_and_empty_marks() -> None:
    assert Snippet("abcdef", ((0, 3), (1, 2), (4, 4))).render("[", "]") == "[abc]def"


def test_shipped_snippet_marks_the_query_words(shipped_index: SearchIndex) -> None:
    snippet = shipped_index.search("refresh tokens").results[0].snippet
    marked = {snippet.text[start:end].lower() for start, end in snippet.marks}
    assert "token" in " ".join(marked)


def test_parts_of_a_compound_are_marked_as_one(build_index) -> None:
    index = build_index(make_article("a", "Presence", body="Events flow through Socket.io rooms."))
    snippet = index.search("socket.io").results[0].snippet
    assert [snippet.text[start:end] for start, end in snippet.marks] == ["Socket.io"]


@given(st.lists(st.text(alphabet=".?! \nab\u00e9\U0001f600\x00", max_size=40), max_size=30))
def test_sentence_starts_found_in_batches_are_those_of_each_text(texts: list[str]) -> None:
    starts, offsets = sentence_starts_many(texts)

    found = [starts[offsets[n] : offsets[n + 1]].tolist() for n in range(len(texts))]
    assert found == [sentence_starts(text) for text in texts]
