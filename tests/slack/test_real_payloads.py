"""Requests shaped exactly as Slack sends them (fields, nesting, nulls and all), through the real HTTP server.

Our own builders in `slack_payloads.py` carry only the fields we read; Slack sends more, sometimes `null` where
an object usually is, and kinds of request we never asked for. Each payload here follows the shape in Slack's
API docs and SDK test fixtures, so the bot is checked against what Slack really delivers.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.core.blocks import actions
from tests.slack import slack_payloads as p
from tests.slack.conftest import Server, wait_for

ENTERPRISE_ID = "E0GRID"
OTHER_TEAM_ID = "T0OTHER"


def posts(server: Server) -> list[dict[str, Any]]:
    return [call.params for call in server.slack.calls_to("chat.postMessage")]


def grid_slash_command(text: str, response_url: str) -> tuple[bytes, dict[str, str]]:
    """Every field Slack sends with a slash command from an Enterprise Grid workspace."""
    return p.form(
        {
            "token": "gIkuvaNzQIHg97ATvDxqgjtO",
            "team_id": p.TEAM_ID,
            "team_domain": "fake-grid",
            "enterprise_id": ENTERPRISE_ID,
            "enterprise_name": "Grid Corp",
            "channel_id": p.CHANNEL_ID,
            "channel_name": "general",
            "user_id": p.USER_ID,
            "user_name": "alice",
            "command": "/insights",
            "text": text,
            "api_app_id": p.APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        }
    )


def rich_text(text: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "rich_text",
            "block_id": "Xy1",
            "elements": [
                {
                    "type": "rich_text_section",
                    "elements": [
                        {"type": "user", "user_id": p.BOT_USER_ID},
                        {"type": "text", "text": f" {text}"},
                    ],
                }
            ],
        }
    ]


def grid_event(event: dict[str, Any], *, event_id: str) -> dict[str, Any]:
    """An Events API envelope from a Grid org: enterprise ids, and a context team different from the user's."""
    envelope = p.event_callback(event, event_id=event_id)
    envelope.update(
        {
            "enterprise_id": ENTERPRISE_ID,
            "context_team_id": p.TEAM_ID,
            "context_enterprise_id": ENTERPRISE_ID,
            "is_ext_shared_channel": True,
        }
    )
    envelope["authorizations"][0]["enterprise_id"] = ENTERPRISE_ID
    return envelope


def interactive(payload: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    return p.form({"payload": json.dumps(payload)})


def block_actions_payload(
    action_id: str, value: str, *, container: dict[str, Any], response_url: str | None, **extra: Any
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": p.USER_ID, "username": "alice", "name": "alice", "team_id": p.TEAM_ID},
        "api_app_id": p.APP_ID,
        "token": "gIkuvaNzQIHg97ATvDxqgjtO",
        "container": container,
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        "team": {"id": p.TEAM_ID, "domain": "fake"},
        "enterprise": None,
        "is_enterprise_install": False,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "=qXel",
                "text": {"type": "plain_text", "text": "Share in channel", "emoji": True},
                "value": value,
                "type": "button",
                "action_ts": "1700000002.000300",
            }
        ],
        "state": {"values": {}},
        **extra,
    }
    if response_url is not None:
        payload["response_url"] = response_url
    return payload


def share_value() -> str:
    return actions.encode(actions.ButtonState(query="2fa", slug="adding-a-second-lock-on-the-door"))


# -- slash commands ------------------------------------------------------------------------------------------


def test_slash_command_from_an_enterprise_grid_workspace_is_answered(server: Server) -> None:
    body, headers = grid_slash_command("kubernetes gitops", server.slack.response_url())
    response = server.post(body, headers)
    assert response.status_code == 200
    message = response.json()
    assert message["response_type"] == "ephemeral"
    assert message["text"]
    assert "GitOps" in json.dumps(message["blocks"])


def test_slash_command_whose_text_says_payload_is_answered_like_any_other(server: Server) -> None:
    body, headers = p.slash_command("payload security", response_url=server.slack.response_url())
    response = server.post(body, headers)
    assert response.status_code == 200
    message = response.json()
    assert message["response_type"] == "ephemeral"
    assert "payload security" in message["text"] or "payload security" in json.dumps(message["blocks"])


def test_json_event_with_a_charset_and_leading_whitespace_is_understood(server: Server) -> None:
    body, _ = p.as_json(p.event_callback(p.app_mention("<@UINSIGHTS> kubernetes gitops")))
    response = server.post(b"\n" + body, {"Content-Type": "application/json; charset=utf-8"})
    assert response.status_code == 200
    assert wait_for(lambda: posts(server))


def test_ssl_check_is_answered_200_when_signed(server: Server) -> None:
    body, headers = p.form({"ssl_check": "1", "token": "gIkuvaNzQIHg97ATvDxqgjtO"})
    assert server.post(body, headers).status_code == 200


def test_url_verification_echoes_the_challenge(server: Server) -> None:
    challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    body, headers = p.as_json(
        {"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl", "challenge": challenge, "type": "url_verification"}
    )
    response = server.post(body, headers)
    assert response.status_code == 200
    assert challenge in response.text


# -- events --------------------------------------------------------------------------------------------------


def test_mention_with_rich_text_blocks_in_a_thread_is_answered_in_that_thread(server: Server) -> None:
    event = p.app_mention(
        "<@UINSIGHTS> kubernetes gitops",
        thread_ts="1700000000.000001",
        parent_user_id="U0BOB",
        blocks=rich_text("kubernetes gitops"),
    )
    assert server.event(event).status_code == 200
    [post] = wait_for(lambda: posts(server))
    assert post["thread_ts"] == "1700000000.000001"
    assert post["text"]


def test_mention_from_an_enterprise_grid_org_is_answered(server: Server) -> None:
    event = p.app_mention(
        "<@UINSIGHTS> kubernetes gitops", user_team=OTHER_TEAM_ID, source_team=OTHER_TEAM_ID
    )
    body, headers = p.as_json(grid_event(event, event_id="Ev0GRID0001"))
    assert server.post(body, headers).status_code == 200
    [post] = wait_for(lambda: posts(server))
    assert post["channel"] == p.CHANNEL_ID


def test_mention_without_a_channel_is_acked_and_no_post_is_attempted(server: Server) -> None:
    event = p.app_mention("<@UINSIGHTS> kubernetes gitops")
    del event["channel"]
    assert server.event(event).status_code == 200
    server.idle()
    assert server.slack.calls_to("chat.postMessage") == []


def test_message_changed_in_a_dm_is_acked_and_not_answered(server: Server) -> None:
    edited = p.direct_message("kubernetes gitops, edited")
    event = {
        "type": "message",
        "subtype": "message_changed",
        "hidden": True,
        "message": {**edited, "edited": {"user": p.USER_ID, "ts": "1700000100.000000"}},
        "previous_message": p.direct_message("kubernetes"),
        "channel": p.DM_CHANNEL_ID,
        "channel_type": "im",
        "ts": p.next_ts(),
        "event_ts": p.next_ts(),
    }
    assert server.event(event).status_code == 200
    server.idle()
    assert posts(server) == []


def test_message_deleted_in_a_dm_is_acked_and_not_answered(server: Server) -> None:
    event = {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "deleted_ts": "1700000000.000100",
        "previous_message": p.direct_message("kubernetes"),
        "channel": p.DM_CHANNEL_ID,
        "channel_type": "im",
        "ts": p.next_ts(),
        "event_ts": p.next_ts(),
    }
    assert server.event(event).status_code == 200
    server.idle()
    assert posts(server) == []


def test_bot_message_without_a_user_is_acked_and_not_answered(server: Server) -> None:
    event = {
        "type": "message",
        "subtype": "bot_message",
        "text": "kubernetes gitops",
        "bot_id": "B0OTHER",
        "username": "other bot",
        "channel": p.DM_CHANNEL_ID,
        "channel_type": "im",
        "ts": p.next_ts(),
        "event_ts": p.next_ts(),
    }
    assert server.event(event).status_code == 200
    server.idle()
    assert posts(server) == []


def test_app_bot_message_with_a_user_but_no_subtype_is_not_answered(server: Server) -> None:
    event = p.direct_message(
        "kubernetes gitops", bot_id="B0OTHER", app_id="A0OTHER", bot_profile={"id": "B0OTHER", "name": "x"}
    )
    assert server.event(event).status_code == 200
    server.idle()
    assert posts(server) == []


def test_file_share_and_thread_broadcast_in_a_dm_are_acked_and_not_answered(server: Server) -> None:
    for subtype in ("file_share", "thread_broadcast"):
        event = p.direct_message("kubernetes gitops", subtype=subtype, files=[{"id": "F0FILE"}])
        assert server.event(event).status_code == 200
    server.idle()
    assert posts(server) == []


def test_event_retried_with_retry_headers_is_answered_once(server: Server) -> None:
    event = p.app_mention("<@UINSIGHTS> kubernetes gitops")
    body, headers = p.as_json(p.event_callback(event, event_id="Ev0RETRYHDR"))
    assert server.post(body, headers).status_code == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert server.post(body, headers, **retry).status_code == 200
    wait_for(lambda: posts(server))
    server.idle()
    assert len(posts(server)) == 1


def test_events_whose_user_or_channel_is_an_object_get_a_2xx(server: Server) -> None:
    team_join = {"type": "team_join", "user": {"id": "U0NEW", "name": "new", "team_id": p.TEAM_ID}}
    created = {"type": "channel_created", "channel": {"id": "C0NEW", "name": "new", "creator": p.USER_ID}}
    for event in (team_join, created):
        assert server.event({**event, "event_ts": p.next_ts()}).status_code == 200
    server.idle()
    assert posts(server) == []


def test_app_rate_limited_notice_gets_a_2xx(server: Server) -> None:
    body, headers = p.as_json(
        {
            "token": "Jhj5dZrVaK7ZwHHjRyZWjbDl",
            "type": "app_rate_limited",
            "team_id": p.TEAM_ID,
            "minute_rate_limited": 1518467820,
            "api_app_id": p.APP_ID,
        }
    )
    assert server.post(body, headers).status_code == 200


# -- interactivity -------------------------------------------------------------------------------------------


def test_share_from_an_ephemeral_result_posts_through_the_response_url(server: Server) -> None:
    url = server.slack.response_url()
    container = {
        "type": "message",
        "message_ts": "1700000001.000100",
        "channel_id": p.CHANNEL_ID,
        "is_ephemeral": True,
    }
    payload = block_actions_payload(
        actions.SHARE,
        share_value(),
        container=container,
        response_url=url,
        channel={"id": p.CHANNEL_ID, "name": "general"},
    )
    body, headers = interactive(payload)
    assert server.post(body, headers).status_code == 200
    [posted] = wait_for(lambda: server.slack.responses[url.rsplit("/", 1)[1]])
    assert posted["response_type"] == "in_channel"


def test_feedback_on_a_channel_answer_never_replaces_the_answer(server: Server) -> None:
    url = server.slack.response_url()
    container = {
        "type": "message",
        "message_ts": "1700000001.000100",
        "channel_id": p.CHANNEL_ID,
        "is_ephemeral": False,
        "thread_ts": "1700000000.000001",
    }
    value = actions.encode(actions.ButtonState(query="refresh tokens", slug="securing-user-sessions"))
    payload = block_actions_payload(
        actions.HELPFUL,
        value,
        container=container,
        response_url=url,
        channel={"id": p.CHANNEL_ID, "name": "general"},
        message={"type": "message", "ts": "1700000001.000100", "text": "answer", "blocks": []},
    )
    body, headers = interactive(payload)
    assert server.post(body, headers).status_code == 200
    [posted] = wait_for(lambda: server.slack.responses[url.rsplit("/", 1)[1]])
    assert posted["replace_original"] is False
    assert posted["response_type"] == "ephemeral"


def test_click_in_the_home_tab_without_a_response_url_is_acked(server: Server) -> None:
    container = {"type": "view", "view_id": "V0HOME"}
    payload = block_actions_payload(
        actions.SHARE,
        share_value(),
        container=container,
        response_url=None,
        view={"id": "V0HOME", "type": "home", "blocks": [], "hash": "1.2", "team_id": p.TEAM_ID},
    )
    body, headers = interactive(payload)
    assert server.post(body, headers).status_code == 200


def test_click_from_an_org_wide_install_with_null_team_is_answered(server: Server) -> None:
    url = server.slack.response_url()
    container = {"type": "message", "message_ts": "1.2", "channel_id": p.CHANNEL_ID, "is_ephemeral": True}
    payload = block_actions_payload(
        actions.SHARE,
        share_value(),
        container=container,
        response_url=url,
        channel={"id": p.CHANNEL_ID, "name": "general"},
    )
    payload.update(
        {"team": None, "enterprise": {"id": ENTERPRISE_ID, "name": "Grid"}, "is_enterprise_install": True}
    )
    body, headers = interactive(payload)
    assert server.post(body, headers).status_code == 200
    [posted] = wait_for(lambda: server.slack.responses[url.rsplit("/", 1)[1]])
    assert posted["response_type"] == "in_channel"


def test_expired_response_url_is_logged_with_slacks_status(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="bot.slack")
    expired = server.slack.url + "response/expired"
    container = {"type": "message", "message_ts": "1.2", "channel_id": p.CHANNEL_ID, "is_ephemeral": True}
    payload = block_actions_payload(actions.SHARE, share_value(), container=container, response_url=expired)
    body, headers = interactive(payload)
    assert server.post(body, headers).status_code == 200
    wait_for(lambda: "response_url post failed: HTTP 404" in caplog.text)
    assert "response/expired" not in caplog.text


def test_global_shortcut_from_an_org_wide_install_with_null_team_gets_a_2xx(server: Server) -> None:
    payload = {
        "type": "shortcut",
        "token": "gIkuvaNzQIHg97ATvDxqgjtO",
        "action_ts": "1700000002.000300",
        "team": None,
        "user": {"id": p.USER_ID, "username": "alice", "team_id": p.TEAM_ID},
        "is_enterprise_install": True,
        "enterprise": {"id": ENTERPRISE_ID, "name": "Grid Corp"},
        "callback_id": "someone_elses_shortcut",
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
    }
    body, headers = interactive(payload)
    assert server.post(body, headers).status_code == 200


def test_view_submission_gets_a_2xx(server: Server) -> None:
    payload = {
        "type": "view_submission",
        "team": {"id": p.TEAM_ID, "domain": "fake"},
        "user": {"id": p.USER_ID, "username": "alice", "team_id": p.TEAM_ID},
        "api_app_id": p.APP_ID,
        "token": "gIkuvaNzQIHg97ATvDxqgjtO",
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        "view": {"id": "V0MODAL", "type": "modal", "callback_id": "unknown_modal", "state": {"values": {}}},
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }
    body, headers = interactive(payload)
    assert server.post(body, headers).status_code == 200


UNHANDLED_INTERACTIONS = {
    "block_suggestion": {"action_id": "someone_elses", "block_id": "b", "value": "kub"},
    "interactive_message": {
        "callback_id": "someone_elses",
        "actions": [{"name": "x", "type": "button", "value": "y"}],
        "channel": {"id": p.CHANNEL_ID, "name": "general"},
    },
    "dialog_submission": {"callback_id": "someone_elses", "submission": {}, "state": ""},
    "view_closed": {
        "view": {"id": "V0", "type": "modal", "callback_id": "someone_elses"},
        "is_cleared": False,
    },
    "message_action": {
        "callback_id": "someone_elses",
        "message": {"type": "message", "text": "hi", "ts": "1.2"},
        "channel": {"id": p.CHANNEL_ID, "name": "general"},
    },
    "kind_slack_adds_next_year": {},
}


def test_interactions_we_never_asked_for_get_a_2xx(server: Server) -> None:
    for kind, fields in UNHANDLED_INTERACTIONS.items():
        payload = {
            "type": kind,
            "team": {"id": p.TEAM_ID, "domain": "fake"},
            "user": {"id": p.USER_ID, "name": "alice"},
            "api_app_id": p.APP_ID,
            "token": "gIkuvaNzQIHg97ATvDxqgjtO",
            **fields,
        }
        body, headers = interactive(payload)
        assert server.post(body, headers).status_code == 200, kind


def test_interactions_missing_what_their_kind_requires_are_a_4xx(server: Server) -> None:
    broken = [
        {"type": "interactive_message", "callback_id": "x"},
        {"type": "block_actions", "actions": [], "user": {"id": p.USER_ID}},
        {"type": "block_actions", "actions": [{"value": "no action id"}], "user": {"id": p.USER_ID}},
        {"type": "shortcut", "trigger_id": "1"},
        {"type": "view_submission", "view": {"id": "V0"}},
        {"type": "block_suggestion", "value": "kub"},
        {"type": "event_callback", "event": {"text": "no type"}},
    ]
    for payload in broken:
        body, headers = interactive(payload)
        assert server.post(body, headers).status_code == 400, payload["type"]


def test_signed_body_that_is_no_slack_request_at_all_is_a_4xx(server: Server) -> None:
    for raw in (b"", b"{}", b"hello=world", urlencode({"payload": "not json"}).encode()):
        status = server.post(raw, {"Content-Type": "application/x-www-form-urlencoded"}).status_code
        assert 400 <= status < 500, raw
