"""The weekly trigger in a time zone: periods, daylight saving, and catch-up vs missed."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.digest import CronError, Schedule, Timing, period_at, timing

PARIS = "Europe/Paris"
NEW_YORK = "America/New_York"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def test_default_schedule_fires_monday_at_nine_utc():
    schedule = Schedule.parse("0 9 * * mon", "UTC")
    assert schedule.next_after(utc(2026, 11, 27, 6, 0)) == utc(2026, 11, 30, 9, 0)


def test_period_runs_from_the_last_firing_to_the_next():
    period = period_at(Schedule.parse("0 9 * * mon", "UTC"), utc(2026, 11, 27, 6, 0))
    assert (period.start, period.end, period.previous_start) == (
        utc(2026, 11, 23, 9),
        utc(2026, 11, 30, 9),
        utc(2026, 11, 16, 9),
    )
    assert period.key == "2026-11-23T09:00Z"


def test_the_firing_instant_belongs_to_the_new_period():
    schedule = Schedule.parse("0 9 * * mon", "UTC")
    assert period_at(schedule, utc(2026, 11, 23, 9, 0)).start == utc(2026, 11, 23, 9, 0)
    assert period_at(schedule, utc(2026, 11, 23, 8, 59)).start == utc(2026, 11, 16, 9, 0)


def test_schedule_follows_local_time_in_its_zone():
    schedule = Schedule.parse("0 9 * * mon", PARIS)
    assert schedule.next_after(utc(2026, 11, 27)) == utc(2026, 11, 30, 8, 0)
    assert schedule.next_after(utc(2026, 7, 1)) == utc(2026, 7, 6, 7, 0)


def test_weekly_run_stays_at_nine_local_across_the_spring_change():
    schedule = Schedule.parse("0 9 * * mon", PARIS)
    before = schedule.next_after(utc(2026, 3, 17))
    after = schedule.next_after(before)
    assert [moment.astimezone(schedule.zone).hour for moment in (before, after)] == [9, 9]
    assert after - before == dt.timedelta(days=7, hours=-1)


def test_a_time_repeated_when_clocks_go_back_fires_once():
    schedule = Schedule.parse("30 1 * * *", NEW_YORK)
    first = schedule.next_after(utc(2026, 11, 1, 0, 0))
    second = schedule.next_after(first)
    assert first == utc(2026, 11, 1, 5, 30)
    assert second - first == dt.timedelta(days=1, hours=1)


def test_a_time_skipped_when_clocks_go_forward_still_fires_once_that_day():
    schedule = Schedule.parse("30 2 * * *", NEW_YORK)
    on_the_day = schedule.next_after(utc(2026, 3, 8, 0, 0))
    assert on_the_day.astimezone(schedule.zone).date() == dt.date(2026, 3, 8)
    assert schedule.next_after(on_the_day).astimezone(schedule.zone).date() == dt.date(2026, 3, 9)


def test_period_keys_do_not_move_when_the_zone_changes_offset():
    schedule = Schedule.parse("0 9 * * mon", PARIS)
    winter = period_at(schedule, utc(2026, 3, 27))
    summer = period_at(schedule, utc(2026, 4, 3))
    assert (winter.key, summer.key) == ("2026-03-23T08:00Z", "2026-03-30T07:00Z")


def test_digest_is_due_within_the_grace_window():
    period = period_at(Schedule.parse("0 9 * * mon", "UTC"), utc(2026, 11, 23, 20, 0))
    assert timing(period, utc(2026, 11, 23, 21, 0), dt.timedelta(hours=12)) is Timing.DUE


def test_digest_is_missed_after_the_grace_window():
    period = period_at(Schedule.parse("0 9 * * mon", "UTC"), utc(2026, 11, 23, 21, 1))
    assert timing(period, utc(2026, 11, 23, 21, 1), dt.timedelta(hours=12)) is Timing.MISSED


@pytest.mark.parametrize(
    ("expression", "fragment"),
    [
        ("0 9 * *", "5 fields"),
        ("61 9 * * mon", "minute"),
        ("0 9 * * funday", "weekday"),
        ("0 0 30 2 *", "never fires"),
        ("*/0 * * * *", "step"),
    ],
)
def test_bad_schedule_is_rejected_with_the_reason(expression, fragment):
    with pytest.raises(CronError, match=fragment):
        Schedule.parse(expression, "UTC")


def test_unknown_time_zone_is_rejected():
    with pytest.raises(CronError, match="time zone"):
        Schedule.parse("0 9 * * mon", "Mars/Olympus")


def test_day_of_month_and_weekday_together_mean_either():
    schedule = Schedule.parse("0 9 1 * mon", "UTC")
    assert schedule.next_after(utc(2026, 11, 27)) == utc(2026, 11, 30, 9, 0)
    assert schedule.next_after(utc(2026, 11, 30, 10)) == utc(2026, 12, 1, 9, 0)


def test_sunday_is_both_zero_and_seven():
    sunday = utc(2026, 11, 29, 9, 0)
    assert Schedule.parse("0 9 * * 0", "UTC").next_after(utc(2026, 11, 27)) == sunday
    assert Schedule.parse("0 9 * * 7", "UTC").next_after(utc(2026, 11, 27)) == sunday
