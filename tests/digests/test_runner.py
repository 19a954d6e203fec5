"""The exactly-once run with a recording poster: due, catch-up, missed, skipped, failed, killed, forced."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest

from bot.core.digest import Schedule
from bot.digests import DigestTag, Outcome, PostError
from bot.scheduler import DigestScheduler
from bot.slack.metadata import digest_metadata
from bot.store import RunState

from .world import MONDAY_9, make_catalog, make_runner

PERIOD = "2026-11-23T09:00Z"


@pytest.fixture
def subscribed(store):
    store.add_subscription("C1", "Security", added_by="U1", now=MONDAY_9 - dt.timedelta(days=30))
    store.add_subscription("C2", "Security", added_by="U1", now=MONDAY_9 - dt.timedelta(days=30))
    return store


def test_due_digest_is_posted_to_every_subscribed_channel(subscribed, runner, poster):
    report = runner.run_due()
    assert sorted(poster.channels()) == ["C1", "C2"]
    assert report.counts() == {"posted": 2}


def test_second_run_in_the_same_period_posts_nothing(subscribed, runner, poster, clock):
    runner.run_due()
    clock.advance(hours=1)
    assert runner.run_due().counts() == {"already_posted": 2}
    assert len(poster.posts) == 2


def test_double_send_posts_once(subscribed, runner, poster):
    runner.send()
    report = runner.send()
    assert len(poster.posts) == 2
    assert report.counts() == {"already_posted": 2}


def test_forced_send_posts_again_and_says_so(subscribed, runner, poster):
    runner.send(channel_id="C1")
    report = runner.send(channel_id="C1", force=True)
    assert poster.channels() == ["C1", "C1"]
    assert [(r.outcome, r.forced) for r in report.results] == [(Outcome.POSTED, True)]


def test_posted_digest_is_tagged_with_subscription_and_period(subscribed, runner, poster):
    runner.send(channel_id="C1")
    _, _, tag = poster.posts[0]
    assert digest_metadata(tag) == {
        "event_type": "insights_digest",
        "event_payload": {
            "subscription": subscribed.subscription("C1", "Security").id,
            "period": PERIOD,
            "sequence": 0,
        },
    }


def test_bot_down_at_the_scheduled_time_catches_up_within_the_grace_window(subscribed, runner, poster, clock):
    clock.advance(hours=11, minutes=59)
    assert runner.run_due().counts() == {"posted": 2}


def test_bot_back_after_the_grace_window_records_the_period_as_missed(subscribed, runner, poster, clock):
    clock.advance(hours=12, minutes=1)
    assert runner.run_due().counts() == {"missed": 2}
    assert poster.posts == []
    assert {run.state for run in subscribed.runs(period=PERIOD)} == {RunState.MISSED}


def test_missed_period_is_posted_by_a_later_manual_send(subscribed, runner, poster, clock):
    clock.advance(hours=13)
    runner.run_due()
    assert runner.send().counts() == {"posted": 2}
    assert sorted(poster.channels()) == ["C1", "C2"]
    assert poster.history_checks == 0  # nothing was ever posted for a missed period: no look-up needed


def test_next_period_is_posted_after_a_missed_one(subscribed, runner, poster, clock):
    clock.advance(hours=13)
    runner.run_due()
    clock.advance(days=6, hours=20)
    assert runner.run_due().counts() == {"posted": 2}


def test_category_with_nothing_to_send_posts_nothing_and_is_recorded_skipped(store, poster, catalog, clock):
    store.add_subscription("C1", "Security", added_by="U1", now=MONDAY_9)
    runner = make_runner(store, poster, catalog, clock, archive_count=0)
    store.mark_seen([a.slug for a in catalog.articles], MONDAY_9 - dt.timedelta(days=60))
    assert runner.run_due().counts() == {"skipped": 1}
    assert poster.posts == []
    assert store.runs()[0].state is RunState.SKIPPED


def test_empty_digest_is_posted_when_configured_to(store, poster, catalog, clock):
    store.add_subscription("C1", "Security", added_by="U1", now=MONDAY_9)
    runner = make_runner(store, poster, catalog, clock, archive_count=0, post_empty=True)
    store.mark_seen([a.slug for a in catalog.articles], MONDAY_9 - dt.timedelta(days=60))
    assert runner.run_due().counts() == {"posted": 1}


def test_permanent_error_in_one_channel_does_not_stop_the_others(subscribed, runner, poster):
    poster.failures["C1"] = PostError("channel_not_found", permanent=True)
    report = runner.run_due()
    assert poster.channels() == ["C2"]
    assert {r.subscription.channel_id: r.outcome for r in report.results} == {
        "C1": Outcome.FAILED,
        "C2": Outcome.POSTED,
    }
    assert subscribed.subscription("C1", "Security").last_error == "channel_not_found"


def test_permanent_error_is_not_retried_in_the_same_period(subscribed, runner, poster, clock):
    poster.failures["C1"] = PostError("is_archived", permanent=True)
    runner.run_due()
    del poster.failures["C1"]
    clock.advance(minutes=5)
    runner.run_due()
    assert poster.channels() == ["C2"]


def test_permanent_error_is_logged_once(subscribed, runner, poster, clock, caplog):
    poster.failures["C1"] = PostError("not_in_channel", permanent=True, plain="the bot is not in the channel")
    runner.run_due()
    clock.advance(days=7)
    runner.run_due()
    warnings = [r for r in caplog.records if "not in the channel" in r.getMessage()]
    assert len(warnings) == 1


def test_successful_post_clears_a_failing_subscription(subscribed, runner, poster, clock):
    poster.failures["C1"] = PostError("not_in_channel", permanent=True)
    runner.run_due()
    del poster.failures["C1"]
    clock.advance(days=7)
    runner.run_due()
    assert not subscribed.subscription("C1", "Security").failing


def test_transient_failure_is_retried_at_the_next_tick(subscribed, runner, poster, clock):
    poster.failures["C1"] = PostError("ratelimited", permanent=False)
    runner.run_due()
    del poster.failures["C1"]
    clock.advance(minutes=5)
    assert runner.run_due().counts() == {"posted": 1, "already_posted": 1}
    assert sorted(poster.channels()) == ["C1", "C2"]


def test_transient_failure_past_the_grace_window_stays_failed(subscribed, runner, poster, clock):
    poster.failures["C1"] = PostError("internal_error", permanent=False)
    runner.run_due()
    del poster.failures["C1"]
    clock.advance(hours=13)
    runner.run_due()
    assert poster.channels() == ["C2"]
    assert subscribed.run(subscribed.subscription("C1", "Security").id, PERIOD).state is RunState.FAILED


def test_kill_between_claim_and_post_is_posted_once_by_the_next_run(subscribed, runner, poster, clock):
    sub = subscribed.subscription("C1", "Security")
    subscribed.claim_run(sub.id, PERIOD, owner="killed", now=clock(), lease=runner.config.lease)
    runner.run_due()
    assert poster.channels() == ["C2"]
    clock.advance(minutes=20)
    runner.run_due()
    assert sorted(poster.channels()) == ["C1", "C2"]


def test_kill_after_slack_accepted_the_post_is_recovered_not_reposted(subscribed, runner, poster, clock):
    sub = subscribed.subscription("C1", "Security")
    claim = subscribed.claim_run(sub.id, PERIOD, owner="killed", now=clock(), lease=runner.config.lease)
    poster.post("C1", {"text": "digest"}, DigestTag(sub.id, PERIOD, claim.sequence))
    clock.advance(minutes=20)
    report = runner.send(channel_id="C1")
    assert [r.outcome for r in report.results] == [Outcome.RECOVERED]
    assert poster.channels() == ["C1"]
    assert subscribed.run(sub.id, PERIOD).state is RunState.POSTED


def test_articles_sent_are_remembered_for_the_archive_rotation(subscribed, runner, poster, clock):
    runner.send(channel_id="C1")
    first = {a["text"]["text"] for a in poster.posts[0][1]["blocks"] if a["type"] == "section"}
    clock.advance(days=7)
    runner.send(channel_id="C1")
    second = {a["text"]["text"] for a in poster.posts[1][1]["blocks"] if a["type"] == "section"}
    items = {line for line in first | second if "min read" in line}
    assert len(items) == 6


def test_new_this_week_lists_articles_added_since_the_last_digest(subscribed, poster, clock):
    catalogs = [make_catalog(5)]
    runner = make_runner(subscribed, poster, lambda: catalogs[-1], clock)
    subscribed.mark_seen([a.slug for a in catalogs[0].articles], MONDAY_9 - dt.timedelta(days=60))
    runner.send(channel_id="C1")
    clock.advance(days=3)
    catalogs.append(make_catalog(6))
    runner.note_catalog(catalogs[-1])
    clock.advance(days=4)
    runner.send(channel_id="C1")
    _, message, _ = poster.posts[1]
    sections = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    new_part = sections[sections.index("*New this week*") + 1 : sections.index("*From the archive*")]
    assert len(new_part) == 1
    assert "Security 5" in new_part[0]


def test_unsubscribed_channel_gets_nothing(subscribed, runner, poster):
    subscribed.remove_subscription("C2", "Security", now=MONDAY_9)
    runner.run_due()
    assert poster.channels() == ["C1"]


def test_subscription_made_after_the_firing_waits_for_the_next_one(store, runner, poster, clock):
    clock.advance(days=2)
    store.add_subscription("C1", "Security", added_by="U1", now=clock())
    assert runner.run_due().results == ()
    assert store.runs() == []
    clock.advance(days=5)
    assert runner.run_due().counts() == {"posted": 1}


def test_manual_send_posts_for_a_subscription_made_after_the_firing(store, runner, poster, clock):
    clock.advance(hours=1)
    store.add_subscription("C1", "Security", added_by="U1", now=clock())
    assert runner.send().counts() == {"posted": 1}


def test_daylight_saving_change_neither_shifts_nor_doubles_the_weekly_digest(store, poster, catalog, clock):
    store.add_subscription("C1", "Security", added_by="U1", now=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    runner = make_runner(store, poster, catalog, clock, tz="Europe/Paris")
    posted_at = []
    clock.now = dt.datetime(2026, 3, 23, 7, 0, tzinfo=dt.UTC)
    for _ in range(8 * 24):
        if runner.run_due().counts().get("posted"):
            posted_at.append(clock.now.astimezone(runner.config.schedule.zone))
        clock.advance(hours=1)
    assert [(moment.date().isoformat(), moment.hour) for moment in posted_at] == [
        ("2026-03-23", 9),
        ("2026-03-30", 9),
    ]


def test_first_digest_after_installation_announces_nothing_as_new(subscribed, runner, poster):
    runner.send(channel_id="C1")
    _, message, _ = poster.posts[0]
    sections = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    listed_as_new = sections[sections.index("*New this week*") + 1 : sections.index("*From the archive*")]
    assert listed_as_new == []
    assert len(sections) - sections.index("*From the archive*") - 1 == 3


def test_manual_send_later_in_the_week_posts_instead_of_recording_a_miss(subscribed, runner, poster, clock):
    clock.advance(days=3)
    report = runner.send()
    assert report.counts() == {"posted": 2}
    assert {run.state for run in subscribed.runs()} == {RunState.POSTED}


def test_manual_send_right_after_a_mid_week_subscription_posts_it(store, runner, poster, clock):
    clock.advance(days=2)
    store.add_subscription("C1", "Security", added_by="U1", now=clock())
    clock.advance(minutes=1)
    assert runner.send().counts() == {"posted": 1}
    assert runner.send().counts() == {"already_posted": 1}
    assert poster.channels() == ["C1"]


def test_scheduler_past_the_grace_window_never_records_a_later_subscription_as_missed(store, runner, clock):
    clock.advance(days=2)
    store.add_subscription("C1", "Security", added_by="U1", now=clock())
    clock.advance(hours=1)
    runner.run_due()
    assert store.runs() == []


def test_a_run_reports_what_is_recorded_and_never_calls_an_unposted_digest_delivered(
    subscribed, runner, poster, clock
):
    poster.failures["C1"] = PostError("is_archived", permanent=True)
    runner.run_due()
    clock.advance(minutes=5)
    report = runner.run_due()
    outcomes = {r.subscription.channel_id: (r.outcome, r.delivered, r.earlier) for r in report.results}
    assert outcomes == {
        "C1": (Outcome.FAILED, False, True),
        "C2": (Outcome.ALREADY_POSTED, True, True),
    }


def test_digest_held_by_a_killed_process_is_reported_in_progress_with_its_lease(subscribed, runner, clock):
    sub = subscribed.subscription("C1", "Security")
    subscribed.claim_run(sub.id, PERIOD, owner="killed", now=clock(), lease=runner.config.lease)
    [result] = runner.send(channel_id="C1").results
    assert (result.outcome, result.delivered) == (Outcome.IN_PROGRESS, False)
    assert result.error == "claimed by killed at 09:00Z; taken over after 09:15Z"


def test_manual_send_tries_again_after_a_permanent_failure_once_it_is_fixed(
    subscribed, runner, poster, clock
):
    poster.failures["C1"] = PostError("not_in_channel", permanent=True)
    runner.run_due()
    del poster.failures["C1"]
    clock.advance(hours=1)
    assert runner.run_due().counts() == {"failed": 1, "already_posted": 1}
    assert runner.send(channel_id="C1").counts() == {"posted": 1}
    assert poster.channels() == ["C2", "C1"]
    assert not subscribed.subscription("C1", "Security").failing


def test_manual_send_reconsiders_a_skipped_digest(store, poster, clock):
    catalogs = [make_catalog(0)]
    store.add_subscription("C1", "Security", added_by="U1", now=MONDAY_9 - dt.timedelta(days=1))
    runner = make_runner(store, poster, lambda: catalogs[-1], clock)
    assert runner.run_due().counts() == {"skipped": 1}
    clock.advance(days=1)
    catalogs.append(make_catalog(2))
    assert runner.send().counts() == {"posted": 1}


def test_shutdown_releases_unfinished_claims_so_a_restart_posts_without_waiting_for_the_lease(
    subscribed, runner, poster, clock
):
    sub = subscribed.subscription("C1", "Security")
    subscribed.claim_run(sub.id, PERIOD, owner=runner.owner, now=clock(), lease=runner.config.lease)
    assert runner.shutdown(wait=0) == 1
    assert runner.run_due().results == ()  # a stopped runner claims nothing more
    restarted = make_runner(subscribed, poster, make_catalog(), clock)
    clock.advance(minutes=1)
    assert restarted.run_due().counts() == {"posted": 2}
    assert poster.history_checks == 1  # the released claim is looked up in Slack before posting


def test_shutdown_during_a_post_stops_claiming_and_the_post_is_recovered_not_repeated(
    subscribed, runner, poster, clock
):
    posting = poster.post

    def post_then_shut_down(channel_id, message, tag):
        ts = posting(channel_id, message, tag)
        runner.shutdown(wait=0)  # SIGTERM lands while Slack is answering
        return ts

    poster.post = post_then_shut_down
    runner.run_due()
    assert poster.channels() == ["C1"]
    assert [run.state for run in subscribed.runs()] == [RunState.FAILED]
    poster.post = posting
    restarted = make_runner(subscribed, poster, make_catalog(), clock)
    report = restarted.run_due()
    assert {r.subscription.channel_id: r.outcome for r in report.results} == {
        "C1": Outcome.RECOVERED,
        "C2": Outcome.POSTED,
    }
    assert sorted(poster.channels()) == ["C1", "C2"]


def test_shutdown_lets_the_digest_being_posted_finish_and_claims_nothing_more(subscribed, runner, poster):
    entered, go = threading.Event(), threading.Event()
    posting = poster.post

    def slow_post(channel_id, message, tag):
        entered.set()
        assert go.wait(5)
        return posting(channel_id, message, tag)

    poster.post = slow_post
    released: list[int] = []
    worker = threading.Thread(target=runner.run_due)
    worker.start()
    assert entered.wait(5)
    stopper = threading.Thread(target=lambda: released.append(runner.shutdown(wait=5)))
    stopper.start()
    deadline = time.monotonic() + 5
    while not runner.stopping:  # waiting for the other thread to begin, not for a schedule
        assert time.monotonic() < deadline
        time.sleep(0.01)
    go.set()
    worker.join(5)
    stopper.join(5)
    assert released == [0]
    assert poster.channels() == ["C1"]
    assert [run.state for run in subscribed.runs()] == [RunState.POSTED]


def test_a_digest_scheduler_stopped_mid_run_hands_the_claim_back(subscribed, runner, poster, clock):
    scheduler = DigestScheduler(
        runner.run_due, Schedule.parse("0 9 * * mon", "UTC"), on_stop=lambda: runner.shutdown(wait=0)
    )
    posting = poster.post

    def post_then_sigterm(channel_id, message, tag):
        scheduler.stop()
        return posting(channel_id, message, tag)

    poster.post = post_then_sigterm
    runner.run_due()
    assert [(run.state, run.error) for run in subscribed.runs()] == [
        (RunState.FAILED, "interrupted: the process stopped before recording a post")
    ]
