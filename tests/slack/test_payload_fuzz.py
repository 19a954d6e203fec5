"""Signed bodies of every kind with fields missing, null or of the wrong type: a 2xx or a 4xx, never a 500.

Slack's payloads are trusted only after the signature check, and even then a field may be absent in a shape we
have not seen. Whatever reaches Bolt must be something its matchers can read; anything else is refused up front.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.bootstrap import Bot
from bot.slack.app import SlackBot
from bot.slack.edge import Refused, SlackEdge
from tests.slack import slack_payloads as p

KINDS = [
    "event_callback",
    "block_actions",
    "interactive_message",
    "shortcut",
    "message_action",
    "view_submission",
    "view_closed",
    "block_suggestion",
    "dialog_submission",
    "url_verification",
    "app_rate_limited",
]
ODD_VALUES = st.one_of(
    st.none(),
    st.integers(-2, 2),
    st.text(max_size=6),
    st.just([]),
    st.just({}),
    st.just([{}]),
    st.just({"type": "message"}),
    st.just([{"action_id": "insights_share", "value": "{}"}]),
)
FIELDS = st.sampled_from(
    ["event", "actions", "user", "team", "channel", "view", "callback_id", "action_id", "response_url"]
)
EVENT_FIELDS = st.sampled_from(["user", "channel", "ts", "thread_ts", "text", "subtype", "bot_id", "tab"])
EVENTS = st.builds(
    lambda kind, fields: {"type": kind, **fields},
    st.sampled_from(["app_mention", "message", "app_home_opened", "reaction_added"]),
    st.dictionaries(EVENT_FIELDS, st.one_of(ODD_VALUES, st.just("D0ALICE"), st.just("im")), max_size=6),
)
BODIES = st.builds(
    lambda kind, fields: {"type": kind, **fields},
    st.sampled_from(KINDS),
    st.dictionaries(FIELDS, ODD_VALUES, max_size=5),
) | st.builds(lambda event: {"type": "event_callback", "event_id": "Ev0FUZZ", "event": event}, EVENTS)


@pytest.fixture
def edge(bot: Bot, slack_bot: SlackBot) -> SlackEdge:
    return bot.edge(slack_bot)


def dispatch(edge: SlackEdge, payload: dict[str, Any], *, as_form: bool) -> int:
    """What `http.py` answers: the edge's refusal, or the app's status."""
    body, headers = p.form({"payload": json.dumps(payload)}) if as_form else p.as_json(payload)
    lowered = {k.lower(): v for k, v in {**headers, **p.signed_headers(body)}.items()}
    verdict = edge.admit(body, lowered)
    if isinstance(verdict, Refused):
        return verdict.status
    return edge.dispatch(verdict).status


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=BODIES, as_form=st.booleans())
def test_no_signed_body_of_any_shape_gets_a_500(
    edge: SlackEdge, payload: dict[str, Any], as_form: bool
) -> None:
    assert dispatch(edge, payload, as_form=as_form) in {200, 400}
