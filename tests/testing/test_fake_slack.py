"""The fake Slack Web API behaves like Slack towards the real WebClient, so tests built on it mean something."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler, ServerErrorRetryHandler

from bot.testing.fake_slack import FakeSlack


@pytest.fixture
def slack():
    with FakeSlack() as server:
        yield server


def client_for(slack: FakeSlack) -> WebClient:
    client = WebClient(token="xoxb-test", base_url=slack.api_url)
    client.retry_handlers.extend([RateLimitErrorRetryHandler(max_retry_count=2), ServerErrorRetryHandler()])
    return client


def test_posted_message_is_recorded_with_its_blocks_and_metadata(slack):
    client = client_for(slack)
    metadata = {"event_type": "insights_digest", "event_payload": {"period": "2026-W48"}}
    response = client.chat_postMessage(
        channel="C1", text="hi", blocks=[{"type": "divider"}], metadata=metadata
    )
    assert response["ts"]
    [message] = slack.posted("C1")
    assert message["blocks"] == [{"type": "divider"}]
    assert message["metadata"] == metadata
    history = client.conversations_history(channel="C1", include_all_metadata=True)
    assert history["messages"][0]["metadata"]["event_payload"]["period"] == "2026-W48"


def test_programmed_error_reaches_the_client_as_slack_api_error(slack):
    slack.fail("chat.postMessage", error="channel_not_found", channel="C404")
    client = client_for(slack)
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C404", text="x")
    assert raised.value.response["error"] == "channel_not_found"
    assert client.chat_postMessage(channel="C2", text="x")["ok"]


def test_rate_limit_is_retried_by_the_client_after_retry_after(slack):
    slack.rate_limit("chat.postMessage", retry_after=0, times=1)
    client_for(slack).chat_postMessage(channel="C1", text="x")
    assert len(slack.calls_to("chat.postMessage")) == 2
    assert len(slack.posted("C1")) == 1


def test_server_error_is_retried_by_the_client(slack):
    slack.server_error("chat.postMessage", status=503, times=1)
    client_for(slack).chat_postMessage(channel="C1", text="x")
    assert len(slack.posted("C1")) == 1


def test_pace_answers_429_to_a_second_post_in_the_same_second():
    now = [0.0]
    with FakeSlack(clock=lambda: now[0]) as slack:
        slack.pace(per_channel_seconds=1.0, burst=10, refill_per_second=10)
        client = WebClient(token="xoxb-test", base_url=slack.api_url)
        client.chat_postMessage(channel="C1", text="1")
        with pytest.raises(SlackApiError) as raised:
            client.chat_postMessage(channel="C1", text="2")
        assert raised.value.response.status_code == 429
        now[0] = 1.5
        client.chat_postMessage(channel="C1", text="3")
        assert [m["text"] for m in slack.posted("C1")] == ["1", "3"]


def test_response_url_posts_are_recorded(slack):
    import json
    import urllib.request

    url = slack.response_url("cmd")
    body = json.dumps({"text": "hello", "replace_original": True}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        assert answer.status == 200
    assert slack.responses["cmd"] == [{"text": "hello", "replace_original": True}]


def test_call_without_token_is_not_authed(slack):
    with pytest.raises(SlackApiError) as raised:
        WebClient(base_url=slack.api_url).auth_test()
    assert raised.value.response["error"] == "not_authed"


def test_history_is_paged_newest_first_with_a_cursor_and_bounded_by_oldest():
    now = [1_800_000_000.0]
    with FakeSlack(wall_clock=lambda: now[0]) as slack:
        for i in range(250):
            now[0] += 1
            slack.add_message("C1", f"m{i}")
        client = client_for(slack)
        seen, cursor = [], None
        while True:
            page = client.conversations_history(channel="C1", oldest="1800000010", limit=100, cursor=cursor)
            seen += [message["text"] for message in page["messages"]]
            cursor = page.get("response_metadata", {}).get("next_cursor")
            if not page["has_more"]:
                break
    assert seen == [f"m{i}" for i in range(249, 9, -1)]
