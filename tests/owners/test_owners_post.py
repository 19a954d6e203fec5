"""The owners' weekly post: what it lists, where it goes, and that it goes exactly once."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

from bot.digests import DigestTag, Outcome, PostError, RunReport
from bot.store import Store

from .world import MONDAY_9, Clock, RecordingPoster, make_catalog, make_runner

LAST_WEEK = MONDAY_9 - dt.timedelta(days=3)


def ask(store: Store, *questions: str, at: dt.datetime = LAST_WEEK) -> None:
    for question in questions:
        store.record_unanswered(query=question, user_id="U9", channel_id="C9", now=at)


def security(report: RunReport) -> list[Outcome]:
    return [r.outcome for r in report.results if r.subscription.category == "Security"]


def text_of(message: dict) -> str:
    return "\n".join(str(block) for block in message["blocks"])


def test_post_lists_top_gaps_unhelpful_articles_and_due_reviews_and_tags_the_owners(store: Store) -> None:
    ask(
        store,
        "how do I rotate jwt keys",
        "How do I rotate JWT keys?",
        "refresh token lifetime",
        "pod restarts",
    )
    store.record_feedback(slug="sessions", query="q", user_id="U9", helpful=False, now=LAST_WEEK)
    poster = RecordingPoster()

    report = make_runner(store, poster, make_catalog(), Clock(MONDAY_9)).run_due()

    posted = [post for post in poster.posts if post[0] == "C0SEC"]
    assert len(posted) == 1
    text = text_of(posted[0][1])
    assert "“how do I rotate jwt keys” · asked 2 times" in text
    assert "refresh token lifetime" in text
    assert "pod restarts" not in text
    assert "Sessions" in text
    assert "1 not helpful, 0 helpful" in text
    assert "Tokens" in text
    assert "review overdue since 1 Nov · <@U0TOK>" in text  # an article's own owner is tagged beside it
    assert "<@U0ANA> <!subteam^S0TEAM>" in text
    assert (
        Counter(r.outcome for r in report.results)[Outcome.POSTED] == 2
    )  # Security's channel, Ops' owner DM


def test_without_a_channel_each_person_owner_gets_a_dm(store: Store) -> None:
    ask(store, "jwt expiry")
    poster = RecordingPoster()

    make_runner(
        store, poster, make_catalog(channel=None, owners=("U0ANA", "U0BEN", "S0TEAM")), Clock(MONDAY_9)
    ).run_due()

    assert sorted(poster.channels()) == ["U0ANA", "U0BEN"]


def test_a_category_with_nothing_to_report_posts_nothing(store: Store) -> None:
    catalog = make_catalog(channel=None, owners=())
    poster = RecordingPoster()

    report = make_runner(store, poster, catalog, Clock(MONDAY_9)).run_due()

    assert poster.posts == []
    assert [r.outcome for r in report.results] == [Outcome.SKIPPED]  # Ops' owner: nothing asked, nothing due


def test_gaps_count_only_questions_since_the_last_post(store: Store) -> None:
    clock = Clock(MONDAY_9)
    poster = RecordingPoster()
    runner = make_runner(store, poster, make_catalog(), clock)
    ask(store, "jwt rotation")
    runner.run_due()
    clock.advance(days=7)
    ask(store, "token revocation", at=clock.now - dt.timedelta(days=1))

    runner.run_due()

    second = text_of([p for p in poster.posts if p[0] == "C0SEC"][-1][1])
    assert "token revocation" in second
    assert "jwt rotation" not in second


def test_ticking_again_in_the_same_week_posts_nothing_more(store: Store) -> None:
    ask(store, "jwt rotation", "pod restarts")
    clock = Clock(MONDAY_9)
    poster = RecordingPoster()
    runner = make_runner(store, poster, make_catalog(), clock)
    runner.run_due()
    clock.advance(hours=1)

    again = runner.run_due()

    assert len(poster.posts) == 2
    assert {r.outcome for r in again.results} == {Outcome.ALREADY_POSTED}


def test_a_post_past_the_grace_window_is_recorded_as_missed(store: Store) -> None:
    ask(store, "jwt rotation")
    poster = RecordingPoster()

    report = make_runner(store, poster, make_catalog(), Clock(MONDAY_9 + dt.timedelta(days=2))).run_due()

    assert poster.posts == []
    assert {r.outcome for r in report.results} == {Outcome.MISSED}


def test_a_killed_run_is_taken_over_after_the_lease_and_found_in_slack_not_posted_twice(store: Store) -> None:
    ask(store, "jwt rotation")
    clock = Clock(MONDAY_9)
    poster = RecordingPoster()
    first = make_runner(store, poster, make_catalog(channel="C0SEC", owners=()), clock)
    pseudo = store.owners_subscription("C0SEC", "Security", now=clock.now)
    claim = store.claim_run(
        pseudo.id, "2026-11-23T09:00Z", owner="dead", now=clock.now, lease=first._config.lease
    )
    assert claim is not None
    first.run_due()
    assert poster.posts == []  # the live claim is respected

    poster.posts.append(("C0SEC", {"blocks": []}, DigestTag(pseudo.id, "2026-11-23T09:00Z")))  # it had posted
    clock.advance(minutes=20)
    report = make_runner(store, poster, make_catalog(channel="C0SEC", owners=()), clock).run_due()

    assert security(report) == [Outcome.RECOVERED]
    assert poster.channels() == ["C0SEC"]


def test_a_killed_run_that_never_posted_is_posted_by_the_next_runner(store: Store) -> None:
    ask(store, "jwt rotation")
    clock = Clock(MONDAY_9)
    pseudo = store.owners_subscription("C0SEC", "Security", now=clock.now)
    store.claim_run(
        pseudo.id, "2026-11-23T09:00Z", owner="dead", now=clock.now, lease=dt.timedelta(minutes=15)
    )
    clock.advance(minutes=16)
    poster = RecordingPoster()

    report = make_runner(store, poster, make_catalog(channel="C0SEC", owners=()), clock).run_due()

    assert security(report) == [Outcome.POSTED]
    assert poster.channels() == ["C0SEC"]


def test_a_transient_slack_error_is_retried_at_the_next_tick(store: Store) -> None:
    ask(store, "jwt rotation")
    clock = Clock(MONDAY_9)
    poster = RecordingPoster(failures={"C0SEC": PostError("ratelimited", permanent=False)})
    runner = make_runner(store, poster, make_catalog(owners=()), clock)
    assert security(runner.run_due()) == [Outcome.FAILED]
    poster.failures.clear()
    clock.advance(minutes=5)

    assert security(runner.run_due()) == [Outcome.POSTED]
    assert poster.channels() == ["C0SEC"]


def test_owners_pseudo_subscriptions_never_look_like_a_channel_subscription(store: Store) -> None:
    ask(store, "jwt rotation")
    make_runner(store, RecordingPoster(), make_catalog(), Clock(MONDAY_9)).run_due()

    assert store.subscriptions() == []
    assert store.subscriptions(category="Security") == []


def test_two_runners_racing_post_each_owners_post_exactly_once(store: Store, database_url: str) -> None:
    ask(store, "jwt rotation", "pod restarts")
    poster = RecordingPoster()
    catalog = make_catalog()
    stores = [Store.connect(database_url) for _ in range(2)]
    runners = [make_runner(s, poster, catalog, Clock(MONDAY_9)) for s in stores]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        barrier.wait()
        try:
            runners[index].run_due()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for s in stores:
        s.close()

    assert errors == []
    assert Counter(poster.channels()) == Counter({"C0SEC": 1, "U0OPS": 1})
