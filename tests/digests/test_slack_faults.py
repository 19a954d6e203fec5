"""Digests through the real WebClient against the fake Slack Web API: rate limits, 5xx, timeouts, bad channels."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import pytest

from bot.digests import DigestTag, Outcome
from bot.slack.digest_poster import SlackChannelAccess, SlackPoster
from bot.slack.web_client import build_web_client
from bot.store import RunState
from bot.testing.fake_slack import FakeSlack

from .world import MONDAY_9, make_runner

CHANNELS = ["C1", "C2", "C3"]


def _wait_until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Wait for the fake server's own thread (not for a schedule); fails rather than hanging."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the fake Slack server never got there"
        time.sleep(0.02)


@pytest.fixture
def slack(clock):
    with FakeSlack(wall_clock=lambda: clock().timestamp()) as server:
        yield server


@pytest.fixture
def slack_poster(slack):
    return SlackPoster(build_web_client("xoxb-test", slack.api_url, timeout=1))


@pytest.fixture
def slack_runner(store, slack_poster, catalog, clock):
    store.mark_seen([a.slug for a in catalog.articles], MONDAY_9 - dt.timedelta(days=60))
    for channel in CHANNELS:
        store.add_subscription(channel, "Security", added_by="U1", now=MONDAY_9 - dt.timedelta(days=1))
    return make_runner(store, slack_poster, catalog, clock)


def test_digest_reaches_slack_with_blocks_and_metadata(slack, slack_runner, store):
    slack_runner.run_due()
    message = slack.posted("C1")[0]
    assert message["metadata"]["event_type"] == "insights_digest"
    assert message["metadata"]["event_payload"]["period"] == "2026-11-23T09:00Z"
    assert message["blocks"][0]["type"] == "header"
    assert store.run(store.subscription("C1", "Security").id, "2026-11-23T09:00Z").message_ts == message["ts"]


def test_rate_limited_post_waits_and_is_posted_once(slack, slack_runner):
    slack.rate_limit("chat.postMessage", retry_after=1, times=1)
    assert slack_runner.run_due().counts() == {"posted": 3}
    assert [len(slack.posted(c)) for c in CHANNELS] == [1, 1, 1]


def test_server_error_is_retried_and_posted_once(slack, slack_runner):
    slack.server_error("chat.postMessage", status=500, times=1)
    assert slack_runner.run_due().counts() == {"posted": 3}
    assert [len(slack.posted(c)) for c in CHANNELS] == [1, 1, 1]


def test_errors_beyond_the_retries_fail_the_run_until_the_next_tick(slack, slack_runner, clock):
    slack.server_error("chat.postMessage", status=503, times=3)
    assert slack_runner.run_due().counts() == {"failed": 1, "posted": 2}
    clock.advance(minutes=5)
    assert slack_runner.run_due().counts() == {"posted": 1, "already_posted": 2}
    assert [len(slack.posted(c)) for c in CHANNELS] == [1, 1, 1]


def test_timeout_after_slack_accepted_the_post_is_recovered_not_reposted(slack, slack_runner, clock, store):
    slack.delay("chat.postMessage", 1.5, times=1)
    first = slack_runner.run_due()
    assert first.counts() == {"failed": 1, "posted": 2}
    _wait_until(lambda: len(slack.posted("C1")) == 1)  # the slow request lands after the client gave up
    clock.advance(minutes=5)
    second = slack_runner.run_due()
    assert [r.outcome for r in second.results if r.outcome is not Outcome.ALREADY_POSTED] == [
        Outcome.RECOVERED
    ]
    assert [len(slack.posted(c)) for c in CHANNELS] == [1, 1, 1]
    assert {run.state for run in store.runs()} == {RunState.POSTED}


def test_channel_not_found_in_one_channel_still_posts_to_the_others(slack, slack_runner, store):
    slack.fail("chat.postMessage", error="channel_not_found", channel="C2")
    report = slack_runner.run_due()
    assert {r.subscription.channel_id: r.outcome for r in report.results} == {
        "C1": Outcome.POSTED,
        "C2": Outcome.FAILED,
        "C3": Outcome.POSTED,
    }
    run = store.run(store.subscription("C2", "Security").id, "2026-11-23T09:00Z")
    assert (run.error, run.permanent) == ("channel_not_found", True)
    assert store.subscription("C2", "Security").last_error == "channel_not_found"


def test_poster_finds_its_tagged_message_in_channel_history(slack, slack_poster):
    tag = DigestTag(7, "2026-11-23T09:00Z")
    ts = slack_poster.post("C9", {"text": "x", "blocks": []}, tag)
    since = MONDAY_9 - dt.timedelta(days=1)
    assert slack_poster.find_posted("C9", tag, since=since) == ts
    assert slack_poster.find_posted("C9", DigestTag(7, "2026-11-30T09:00Z"), since=since) is None


def test_channel_access_tells_whether_the_bot_is_a_member(slack):
    slack.members = {"C1"}
    access = SlackChannelAccess(build_web_client("xoxb-test", slack.api_url))
    assert (access.is_member("C1"), access.is_member("C2")) == (True, False)


def test_history_look_up_pages_past_a_busy_channel_and_finds_the_lost_post(slack, slack_runner, store, clock):
    sub = store.subscription("C1", "Security")
    claim = store.claim_run(
        sub.id, "2026-11-23T09:00Z", owner="killed", now=clock(), lease=dt.timedelta(minutes=15)
    )
    lost = SlackPoster(build_web_client("xoxb-test", slack.api_url)).post(
        "C1", {"text": "digest", "blocks": []}, DigestTag(sub.id, claim.period, claim.sequence)
    )  # Slack accepted it; the process was killed before recording it
    for minute in range(150):
        clock.now = MONDAY_9 + dt.timedelta(minutes=1, seconds=minute * 6)
        slack.add_message("C1", f"busy channel, message {minute}")
    clock.now = MONDAY_9 + dt.timedelta(minutes=20)
    report = slack_runner.send(channel_id="C1")
    assert [(r.outcome, r.message_ts) for r in report.results] == [(Outcome.RECOVERED, lost)]
    assert len([m for m in slack.posted("C1") if "metadata" in m]) == 1
    pages = slack.calls_to("conversations.history")
    assert all(float(call.params["oldest"]) == MONDAY_9.timestamp() for call in pages)


def test_history_look_up_stops_at_the_period_start(slack, slack_poster, clock):
    tag = DigestTag(7, "2026-11-23T09:00Z")
    clock.now = MONDAY_9 - dt.timedelta(days=7)
    slack_poster.post("C9", {"text": "last week's", "blocks": []}, tag)
    clock.now = MONDAY_9 + dt.timedelta(minutes=1)
    slack.add_message("C9", "this week")
    assert slack_poster.find_posted("C9", tag, since=MONDAY_9) is None
