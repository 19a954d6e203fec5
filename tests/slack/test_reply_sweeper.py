"""Questions a replica claimed and never answered (it died in between) are answered by a sweeper, once.

Each test runs on SQLite and PostgreSQL, against the fake Slack over real HTTP, with time set by hand: the
sweep is called directly, never waited for.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.bootstrap import Bot, build
from bot.live_catalog import LiveCatalog
from bot.settings import Settings
from bot.slack.app import SlackBot
from bot.slack.middleware import dedupe_keys
from bot.slack.replier import Question, question_in, reply_metadata
from bot.testing.fake_slack import FakeSlack
from tests.digests.world import Clock
from tests.slack import slack_payloads as p
from tests.slack.conftest import SHIPPED_CONTENT

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
LEASE_SECONDS = 30


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def replicas(
    database_url: str, fake_slack: FakeSlack, tmp_path: Path, live_catalog: LiveCatalog, clock: Clock
) -> Iterator[Callable[[], tuple[Bot, SlackBot]]]:
    """Replicas of the bot sharing one database (and the fake Slack), as `serve` runs them."""
    started: list[Bot] = []

    def replica() -> tuple[Bot, SlackBot]:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            content_dir=SHIPPED_CONTENT,
            data_dir=tmp_path / f"replica{len(started)}",
            database_url=database_url,
            slack_bot_token=p.BOT_TOKEN,
            slack_signing_secret=p.SIGNING_SECRET,
            slack_api_url=fake_slack.api_url,
            reply_lease_seconds=LEASE_SECONDS,
        )
        bot = build(settings, clock=clock, catalog=live_catalog)
        started.append(bot)
        return bot, bot.slack()

    yield replica
    for bot in started:
        bot.close()


def deliver(slack: SlackBot, event: dict[str, Any]) -> None:
    """One event through the app's middleware and listeners, as the edge hands it over; waits for the reply."""
    from bot.slack.edge import bolt_request

    response = slack.app.dispatch(bolt_request(p.event_callback(event), {}))
    assert response.status == 200
    assert slack.wait_idle(5.0)


def claimed_then_died(bot: Bot, event: dict[str, Any]) -> Question:
    """What a replica writes before its listener runs, after which it was killed: the claim and the outbox row."""
    body = p.event_callback(event)
    question = question_in(body)
    assert question is not None
    assert bot.store.claim_events(dedupe_keys(body), bot.clock(), reply=(question.key, question.payload()))
    return question


def thread_replies(fake: FakeSlack, thread_ts: str, channel: str = p.CHANNEL_ID) -> list[dict[str, Any]]:
    return [m for m in fake.posted(channel) if m.get("thread_ts") == thread_ts]


def sweep(slack: SlackBot) -> dict[str, int]:
    assert slack.sweeper is not None
    return dict(slack.sweeper.sweep())


def test_a_mention_whose_replica_died_is_answered_once_after_the_lease_and_not_before(
    replicas, fake_slack, clock
):
    dead, _ = replicas()
    _, survivor = replicas()
    mention = p.app_mention("<@UINSIGHTS> how do I connect to the vpn")
    question = claimed_then_died(dead, mention)
    clock.advance(seconds=LEASE_SECONDS - 1)
    assert sweep(survivor) == {}
    assert thread_replies(fake_slack, mention["ts"]) == []
    clock.advance(seconds=2)
    assert sweep(survivor) == {"recovered": 1}
    [reply] = thread_replies(fake_slack, mention["ts"])
    assert reply["metadata"] == reply_metadata(question)
    assert "vpn" in str(reply.get("blocks") or reply.get("text")).lower()
    clock.advance(minutes=10)
    assert sweep(survivor) == {}
    assert len(thread_replies(fake_slack, mention["ts"])) == 1


def test_a_mention_answered_by_its_replica_is_never_sent_again(replicas, fake_slack, clock):
    bot, slack = replicas()
    mention = p.app_mention("<@UINSIGHTS> kubernetes")
    deliver(slack, mention)
    [reply] = thread_replies(fake_slack, mention["ts"])
    assert reply["metadata"]["event_type"] == "insights_reply"
    assert bot.store.pending_replies() == {f"message:{p.CHANNEL_ID}:{mention['ts']}": (1, True)}
    clock.advance(hours=1)
    assert sweep(slack) == {}
    assert len(thread_replies(fake_slack, mention["ts"])) == 1


def test_two_replicas_sweeping_at_once_post_one_reply(replicas, fake_slack, clock):
    dead, _ = replicas()
    sweepers = [replicas()[1], replicas()[1]]
    mention = p.app_mention("<@UINSIGHTS> security")
    claimed_then_died(dead, mention)
    clock.advance(seconds=LEASE_SECONDS + 1)
    barrier = threading.Barrier(2)
    outcomes: list[dict[str, int]] = []

    def race(slack: SlackBot) -> None:
        barrier.wait()
        outcomes.append(sweep(slack))

    threads = [threading.Thread(target=race, args=(slack,)) for slack in sweepers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(outcomes, key=len) == [{}, {"recovered": 1}]
    assert len(thread_replies(fake_slack, mention["ts"])) == 1


def test_a_reply_the_dead_replica_had_posted_is_found_in_the_thread_and_not_posted_again(
    replicas, fake_slack, clock
):
    dead, _ = replicas()
    _, survivor = replicas()
    mention = p.app_mention("<@UINSIGHTS> gitops")
    question = claimed_then_died(dead, mention)
    for n in range(250):  # a busy thread: the tagged reply is on the second page of conversations.replies
        fake_slack.add_message(p.CHANNEL_ID, f"me too {n}", thread_ts=mention["ts"])
    WebClient(token=p.BOT_TOKEN, base_url=fake_slack.api_url).chat_postMessage(
        channel=p.CHANNEL_ID, thread_ts=mention["ts"], text="the answer", metadata=reply_metadata(question)
    )
    fake_slack.add_message(p.CHANNEL_ID, "thanks", thread_ts=mention["ts"])
    clock.advance(seconds=LEASE_SECONDS + 1)
    assert sweep(survivor) == {"found": 1}
    assert [m.get("text") for m in fake_slack.posted(p.CHANNEL_ID) if m.get("bot_id")] == ["the answer"]
    assert len(fake_slack.calls_to("conversations.replies")) == 2
    clock.advance(minutes=10)
    assert sweep(survivor) == {}


def test_a_dm_whose_replica_died_is_answered_in_the_dm_once(replicas, fake_slack, clock):
    dead, _ = replicas()
    _, survivor = replicas()
    dm = p.direct_message("what is on-call like")
    claimed_then_died(dead, dm)
    clock.advance(seconds=LEASE_SECONDS + 1)
    assert sweep(survivor) == {"recovered": 1}
    clock.advance(seconds=LEASE_SECONDS + 1)
    assert sweep(survivor) == {}
    assert len(fake_slack.posted(p.DM_CHANNEL_ID)) == 1
    assert fake_slack.calls_to("conversations.history")


def test_a_reply_slack_refused_for_a_passing_reason_is_left_to_the_sweeper(replicas, fake_slack, clock):
    _, slack = replicas()
    fake_slack.fail("chat.postMessage", error="service_unavailable", times=1)
    mention = p.app_mention("<@UINSIGHTS> postgres backups")
    deliver(slack, mention)
    assert thread_replies(fake_slack, mention["ts"]) == []
    clock.advance(seconds=LEASE_SECONDS + 1)
    assert sweep(slack) == {"recovered": 1}
    assert len(thread_replies(fake_slack, mention["ts"])) == 1


def test_a_question_that_cannot_be_answered_is_given_up_after_three_attempts_with_one_line(
    replicas, fake_slack, clock, caplog
):
    dead, _ = replicas()
    bot, survivor = replicas()
    fake_slack.fail("chat.postMessage", error="service_unavailable")
    mention = p.app_mention("<@UINSIGHTS> vpn")
    question = claimed_then_died(dead, mention)
    outcomes = []
    for _ in range(4):
        clock.advance(seconds=LEASE_SECONDS + 1)
        with caplog.at_level(logging.ERROR, logger="bot.slack"):
            outcomes.append(sweep(survivor))
    assert outcomes == [{"failed": 1}, {"failed": 1}, {"given_up": 1}, {}]
    gave_up = [r.getMessage() for r in caplog.records if "gave up" in r.getMessage()]
    assert gave_up == [f"gave up answering {question.key} after 3 attempts"]
    assert b'insights_replies_total{outcome="given_up"} 1.0' in bot.metrics.exposition()
    assert thread_replies(fake_slack, mention["ts"]) == []


def test_an_outbox_row_that_cannot_be_read_back_is_given_up_without_posting(replicas, fake_slack, clock):
    bot, slack = replicas()
    bot.store.claim_events(["event:EvBROKEN"], clock(), reply=("message:C1:1.0", '{"not": "a question"}'))
    outcomes = []
    for _ in range(3):
        clock.advance(seconds=LEASE_SECONDS + 1)
        outcomes.append(sweep(slack))
    assert outcomes == [{"failed": 1}, {"failed": 1}, {"given_up": 1}]
    assert fake_slack.posted() == []


def test_the_background_sweep_stops_at_once_when_the_app_closes(replicas):
    _, slack = replicas()
    slack.start_sweeping()
    assert slack._loop is not None
    finished = threading.Event()
    threading.Thread(target=lambda: (slack.close(), finished.set()), daemon=True).start()
    assert finished.wait(5.0)


def test_a_sweep_told_to_stop_posts_nothing_more_and_its_rows_are_taken_again_after_the_lease(
    replicas, fake_slack, clock
):
    dead, _ = replicas()
    _, stopping = replicas()
    _, survivor = replicas()
    mention = p.app_mention("<@UINSIGHTS> vpn")
    claimed_then_died(dead, mention)
    clock.advance(seconds=LEASE_SECONDS + 1)
    assert stopping.sweeper is not None
    assert stopping.sweeper.sweep(lambda: True) == {}
    assert sweep(survivor) == {}  # the stopped sweep's take-over holds its lease
    clock.advance(seconds=LEASE_SECONDS + 1)
    assert sweep(survivor) == {"recovered": 1}
    assert len(thread_replies(fake_slack, mention["ts"])) == 1


def test_a_question_whose_channel_is_gone_is_settled_without_more_attempts(replicas, fake_slack, clock):
    dead, _ = replicas()
    _, survivor = replicas()
    claimed_then_died(dead, p.app_mention("<@UINSIGHTS> vpn"))
    fake_slack.fail("chat.postMessage", error="channel_not_found")
    clock.advance(seconds=LEASE_SECONDS + 1)
    assert sweep(survivor) == {"refused": 1}
    clock.advance(seconds=LEASE_SECONDS + 1)
    assert sweep(survivor) == {}
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
