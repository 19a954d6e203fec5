"""Button values: round trip, the 2,000-character limit, and rejection of values that are not ours."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.core.blocks import actions
from bot.core.blocks.text import MAX_BUTTON_VALUE


def test_state_round_trips_through_a_button_value() -> None:
    state = actions.ButtonState(actions.KIND_CATEGORY, "q", "Cloud & DevOps", 10, "slug")
    assert actions.decode(actions.encode(state)) == state


@given(st.text(max_size=5000))
def test_any_query_fits_the_value_limit_and_decodes(query: str) -> None:
    value = actions.encode(actions.ButtonState(query=query, slug="securing-user-sessions", offset=5))
    assert len(value) <= MAX_BUTTON_VALUE
    decoded = actions.decode(value)
    assert decoded is not None
    assert decoded.slug == "securing-user-sessions"
    assert query.startswith(decoded.query)


def test_values_that_are_not_ours_decode_to_none() -> None:
    for value in ("", "x", "[]", '{"k":"other"}', '{"k":"search","o":-1}', '{"k":"search","o":true}', None):
        assert actions.decode(value) is None
