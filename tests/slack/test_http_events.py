"""Events through the real HTTP server: mentions answered in threads, DMs in the DM, retries answered once."""

from __future__ import annotations

import json

import httpx
import pytest

from bot.bootstrap import build
from bot.core.blocks import actions
from bot.slack.http import build_asgi
from bot.testing.fake_slack import FakeSlack
from tests.slack import slack_payloads as p
from tests.slack.conftest import Server, serve, wait_for


def posts(slack: FakeSlack) -> list[dict]:
    return [call.params for call in slack.calls_to("chat.postMessage")]


def test_mention_is_answered_in_a_thread_under_the_message(server: Server) -> None:
    event = p.app_mention("<@UINSIGHTS> how should we store refresh tokens?")
    assert server.event(event).status_code == 200
    [post] = wait_for(lambda: posts(server.slack))
    assert post["channel"] == p.CHANNEL_ID
    assert post["thread_ts"] == event["ts"]
    assert "Sessions" in json.dumps(post["blocks"])


def test_mention_inside_a_thread_is_answered_in_that_thread(server: Server) -> None:
    event = p.app_mention("<@UINSIGHTS> kubernetes gitops", thread_ts="1700000000.000001")
    server.event(event)
    [post] = wait_for(lambda: posts(server.slack))
    assert post["thread_ts"] == "1700000000.000001"


def test_mention_without_a_question_gets_short_help(server: Server) -> None:
    server.event(p.app_mention("<@UINSIGHTS>"))
    [post] = wait_for(lambda: posts(server.slack))
    assert "Ask me a question" in post["text"]


def test_unanswerable_question_says_so_and_is_recorded(server: Server, sqlite_store) -> None:
    server.event(p.app_mention("<@UINSIGHTS> banana bread recipe with cardamom"))
    [post] = wait_for(lambda: posts(server.slack))
    assert post["text"] == "No article covers that yet."
    assert [query for query, _ in sqlite_store.unanswered()] == ["banana bread recipe with cardamom"]


def test_direct_message_is_answered_in_the_dm(server: Server) -> None:
    event = p.direct_message("two factor authentication backup codes")
    assert server.event(event).status_code == 200
    [post] = wait_for(lambda: posts(server.slack))
    assert post["channel"] == p.DM_CHANNEL_ID
    assert "thread_ts" not in post or post["thread_ts"] in (None, "")
    assert "2FA" in json.dumps(post["blocks"])


def test_retried_event_is_answered_once(server: Server) -> None:
    event = p.app_mention("<@UINSIGHTS> kubernetes gitops")
    assert server.event(event, event_id="Ev0RETRIED").status_code == 200
    for attempt in (1, 2, 3):
        assert server.event(event, event_id="Ev0RETRIED", retry=attempt).status_code == 200
    wait_for(lambda: posts(server.slack))
    server.idle()
    assert len(posts(server.slack)) == 1


def test_same_message_as_mention_and_dm_is_answered_once(server: Server) -> None:
    ts = p.next_ts()
    server.event(p.direct_message("<@UINSIGHTS> kubernetes", ts=ts, channel=p.DM_CHANNEL_ID))
    server.event(p.app_mention("<@UINSIGHTS> kubernetes", ts=ts, channel=p.DM_CHANNEL_ID))
    wait_for(lambda: posts(server.slack))
    server.idle()
    assert len(posts(server.slack)) == 1


def test_retry_landing_on_another_replica_is_answered_once(
    server: Server, settings, live_catalog, fake_slack
) -> None:
    event = p.app_mention("<@UINSIGHTS> kubernetes gitops")
    server.event(event, event_id="Ev0REPLICA")
    body, headers = p.as_json(p.event_callback(event, event_id="Ev0REPLICA"))
    replica = build(settings, catalog=live_catalog)
    replica_slack = replica.slack()
    for url in serve(build_asgi(replica.edge(replica_slack), replica.catalog)):
        retry = {**headers, **p.signed_headers(body), "X-Slack-Retry-Num": "1"}
        assert httpx.post(url + "/slack/events", content=body, headers=retry).status_code == 200
    server.idle()
    assert replica_slack.wait_idle(5.0)
    replica.close()
    assert len(posts(fake_slack)) == 1


def test_bot_messages_edits_and_deletions_are_acked_and_ignored(server: Server) -> None:
    ignored = [
        p.direct_message("kubernetes", bot_id="B0OTHER"),
        p.direct_message("kubernetes", subtype="bot_message"),
        p.direct_message("kubernetes", subtype="message_changed"),
        p.direct_message("kubernetes", subtype="message_deleted"),
        p.direct_message("kubernetes", subtype="channel_join"),
        p.app_mention("<@UINSIGHTS> kubernetes", bot_id="B0OTHER"),
    ]
    for event in ignored:
        assert server.event(event).status_code == 200
    server.idle()
    assert posts(server.slack) == []


def test_unsubscribed_event_types_still_get_a_2xx(server: Server) -> None:
    event = {"type": "member_joined_channel", "user": p.USER_ID, "channel": p.CHANNEL_ID, "event_ts": "1.2"}
    assert server.event(event).status_code == 200


def test_event_with_bad_signature_is_rejected_and_not_answered(server: Server) -> None:
    body, headers = p.as_json(p.event_callback(p.app_mention("<@UINSIGHTS> kubernetes")))
    response = server.post(body, {**headers, **p.signed_headers(body, secret="wrong")}, signed=False)
    assert response.status_code == 401
    server.idle()
    assert posts(server.slack) == []


def test_app_home_opened_publishes_the_home_view(server: Server) -> None:
    assert server.event(p.app_home_opened()).status_code == 200
    [call] = wait_for(lambda: server.slack.calls_to("views.publish"))
    assert call.params["user_id"] == p.USER_ID
    view = call.params["view"]
    assert view["type"] == "home"
    assert "Latest articles" in json.dumps(view)


def test_messages_tab_opened_does_not_publish_home(server: Server) -> None:
    server.event(p.app_home_opened(tab="messages"))
    server.idle()
    assert server.slack.calls_to("views.publish") == []


def test_reopening_home_soon_after_does_not_publish_again(server: Server) -> None:
    server.event(p.app_home_opened())
    wait_for(lambda: server.slack.calls_to("views.publish"))
    server.event(p.app_home_opened())
    server.idle()
    assert len(server.slack.calls_to("views.publish")) == 1


def test_home_is_published_for_each_user(server: Server) -> None:
    server.event(p.app_home_opened(user="U0ALICE"))
    server.event(p.app_home_opened(user="U0BOB"))
    calls = wait_for(
        lambda: len(server.slack.calls_to("views.publish")) == 2 and server.slack.calls_to("views.publish")
    )
    assert {call.params["user_id"] for call in calls} == {"U0ALICE", "U0BOB"}


WRONGLY_SIGNED_KINDS = {
    "slash command": lambda url: p.slash_command("kubernetes", response_url=url),
    "app_mention": lambda url: p.as_json(p.event_callback(p.app_mention("<@UINSIGHTS> kubernetes"))),
    "message.im": lambda url: p.as_json(p.event_callback(p.direct_message("kubernetes"))),
    "block_actions": lambda url: p.block_actions(
        actions.SHARE, '{"k":"search","q":"","o":0}', response_url=url
    ),
    "app_home_opened": lambda url: p.as_json(p.event_callback(p.app_home_opened())),
}


@pytest.mark.parametrize("kind", sorted(WRONGLY_SIGNED_KINDS))
def test_wrongly_signed_request_of_every_kind_is_rejected_before_any_listener(
    server: Server, kind: str
) -> None:
    response_url = server.slack.response_url("never")
    body, headers = WRONGLY_SIGNED_KINDS[kind](response_url)
    response = server.post(body, {**headers, **p.signed_headers(body, secret="wrong-secret")}, signed=False)
    assert response.status_code == 401
    server.idle()
    assert server.slack.calls == []
    assert server.slack.responses["never"] == []
