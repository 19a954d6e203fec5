"""APScheduler wiring: the trigger follows the digest schedule; the tick runs at start; runs never overlap."""

from __future__ import annotations

import datetime as dt
import threading

from bot.core.digest import Schedule
from bot.scheduler import DIGEST_JOB, HOUSEKEEPING_JOB, TICK_JOB, DigestScheduler, ScheduleTrigger


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def test_trigger_fires_at_the_next_scheduled_time():
    trigger = ScheduleTrigger(Schedule.parse("0 9 * * mon", "Europe/Paris"))
    assert trigger.get_next_fire_time(None, utc(2026, 11, 27, 6)) == utc(2026, 11, 30, 8)


def test_trigger_fires_exactly_at_a_scheduled_now():
    trigger = ScheduleTrigger(Schedule.parse("0 9 * * mon", "UTC"))
    assert trigger.get_next_fire_time(None, utc(2026, 11, 30, 9)) == utc(2026, 11, 30, 9)


def test_trigger_after_a_firing_moves_to_the_next_week_across_dst():
    trigger = ScheduleTrigger(Schedule.parse("0 9 * * mon", "Europe/Paris"))
    after = trigger.get_next_fire_time(utc(2026, 3, 23, 8), utc(2026, 3, 23, 8))
    assert after == utc(2026, 3, 30, 7)


def test_start_registers_both_jobs_and_runs_the_tick_at_once():
    ran = threading.Event()
    scheduler = DigestScheduler(ran.set, Schedule.parse("0 9 * * mon", "UTC"), tick_seconds=3600)
    scheduler.start()
    try:
        assert ran.wait(10)
        assert {job.id for job in scheduler.scheduler.get_jobs()} == {DIGEST_JOB, TICK_JOB}
    finally:
        scheduler.stop()


def test_a_run_does_not_start_while_another_is_going():
    inside, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def slow_run() -> None:
        calls.append(1)
        inside.set()
        release.wait(10)

    scheduler = DigestScheduler(slow_run, Schedule.parse("0 9 * * mon", "UTC"))
    worker = threading.Thread(target=scheduler.run_once)
    worker.start()
    inside.wait(10)
    assert scheduler.run_once() is False
    release.set()
    worker.join()
    assert calls == [1]


def test_a_failing_run_does_not_stop_the_scheduler(caplog):
    def broken() -> None:
        raise RuntimeError("database down")

    scheduler = DigestScheduler(broken, Schedule.parse("0 9 * * mon", "UTC"))
    assert scheduler.run_once() is True
    assert "next tick will try again" in caplog.text


def test_housekeeping_is_scheduled_when_given_and_its_failure_is_contained(caplog):
    def broken() -> None:
        raise RuntimeError("disk full")

    scheduler = DigestScheduler(lambda: None, Schedule.parse("0 9 * * mon", "UTC"), housekeeping=broken)
    scheduler.add_jobs()
    assert HOUSEKEEPING_JOB in {job.id for job in scheduler.scheduler.get_jobs()}
    scheduler._chore()
    assert "housekeeping failed" in caplog.text


def test_stopping_the_scheduler_first_stops_the_runner_so_claims_are_released():
    order: list[str] = []
    scheduler = DigestScheduler(
        lambda: None,
        Schedule.parse("0 9 * * mon", "UTC"),
        tick_seconds=3600,
        on_stop=lambda: order.append("runner"),
    )
    scheduler.start()
    scheduler.stop()
    assert order == ["runner"]
    assert not scheduler.scheduler.running
