"""Event claim keys and payload predicates: the pure parts of the request pipeline."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.slack.middleware import DedupeEvents, dedupe_keys
from bot.slack.payloads import describe, is_user_dm, thread_of, well_formed
from tests.slack import slack_payloads as p

NOW = dt.datetime(2026, 11, 27, tzinfo=dt.UTC)


def test_message_events_are_claimed_by_event_id_and_by_channel_and_ts() -> None:
    event = p.app_mention("<@UINSIGHTS> hi", ts="1700000000.000100")
    body = p.event_callback(event, event_id="Ev1")
    assert dedupe_keys(body) == ["event:Ev1", f"message:{p.CHANNEL_ID}:1700000000.000100"]


def test_other_events_are_claimed_by_event_id_only() -> None:
    assert dedupe_keys(p.event_callback(p.app_home_opened(), event_id="Ev2")) == ["event:Ev2"]


def test_commands_and_actions_are_never_claimed() -> None:
    assert dedupe_keys({"command": "/insights", "text": "x"}) == []
    assert dedupe_keys({"type": "block_actions", "actions": []}) == []


class BrokenStore:
    def claim_events(
        self, keys: Sequence[str], now: dt.datetime, *, reply: tuple[str, str] | None = None
    ) -> bool:
        raise RuntimeError("database is down")


def test_an_unreachable_store_lets_the_event_through_rather_than_dropping_it() -> None:
    middleware = DedupeEvents(BrokenStore(), lambda: NOW, logging.getLogger("test"))
    body = p.event_callback(p.app_mention("<@UINSIGHTS> hi"))
    request = BoltRequest(body=body, headers={}, mode="socket_mode")
    called: list[bool] = []
    middleware.process(req=request, resp=BoltResponse(status=200), next=lambda: called.append(True))
    assert called == [True]


def test_only_plain_messages_from_people_in_dms_are_questions() -> None:
    assert is_user_dm(p.direct_message("hi"))
    assert not is_user_dm(p.direct_message("hi", bot_id="B1"))
    assert not is_user_dm(p.direct_message("hi", subtype="message_changed"))
    assert not is_user_dm({**p.direct_message("hi"), "channel_type": "channel"})
    assert not is_user_dm({**p.direct_message("hi"), "user": None})


def test_replies_go_into_the_existing_thread_or_under_the_message() -> None:
    assert thread_of({"ts": "2.0", "thread_ts": "1.0"}) == "1.0"
    assert thread_of({"ts": "2.0"}) == "2.0"


def test_bodies_with_the_wrong_shape_are_not_well_formed() -> None:
    assert not well_formed([])
    assert not well_formed({"type": "event_callback", "event": "x"})
    assert not well_formed({"type": "block_actions", "actions": ["x"]})
    assert not well_formed({"command": 3})
    assert well_formed(p.event_callback(p.app_home_opened()))


def test_request_description_names_the_request_without_its_text() -> None:
    body = p.event_callback(p.app_mention("<@UINSIGHTS> my secret question"), event_id="Ev9")
    line = describe(body, "1")
    assert line == f"event_callback app_mention Ev9 team={p.TEAM_ID} user={p.USER_ID} retry=1"


def test_a_question_reads_back_from_its_outbox_payload_and_a_mangled_one_does_not() -> None:
    from bot.slack.replier import Question, question_in

    question = question_in(p.event_callback(p.app_mention("<@UINSIGHTS> vpn", thread_ts="1.0")))
    assert question is not None
    assert Question.from_payload(question.payload()) == question
    assert question.thread_ts == "1.0"
    for mangled in (
        "not json",
        "[]",
        '{"channel": "C1"}',
        question.payload().replace('"in_thread":true', '"in_thread":"yes"'),
    ):
        assert Question.from_payload(mangled) is None


def test_only_questions_a_listener_answers_get_an_outbox_payload() -> None:
    from bot.slack.replier import question_in

    assert question_in(p.event_callback(p.app_mention("<@UINSIGHTS> hi", bot_id="B1"))) is None
    assert question_in(p.event_callback(p.app_mention("hi", subtype="message_changed"))) is None
    assert question_in(p.event_callback(p.app_home_opened())) is None
    assert question_in({"command": "/insights"}) is None
    dm = question_in(p.event_callback(p.direct_message("hi")))
    assert dm is not None
    assert (dm.in_thread, dm.thread_ts) == (False, None)
