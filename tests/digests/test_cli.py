"""`insights-bot digest preview|send`, `subscriptions`, `db upgrade`, against a real database and fake Slack."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.main import cli
from bot.core.digest import Schedule, period_at
from bot.store import Store
from bot.testing.fake_slack import FakeSlack

CHANNELS = ["C0AAAA1", "C0BBBB2"]


@pytest.fixture
def slack():
    with FakeSlack() as server:
        yield server


@pytest.fixture
def env(database_url, slack, tmp_path) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "DATA_DIR": str(tmp_path),
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_API_URL": slack.api_url,
        "DIGEST_SCHEDULE": "* * * * *",
        "DIGEST_GRACE_HOURS": "1",
    }


@pytest.fixture
def subscribed(store):
    for channel in CHANNELS:
        store.add_subscription(channel, "Security", added_by="U1", now=dt.datetime.now(dt.UTC))
    return store


def invoke(env: dict[str, str], *args: str):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_send_posts_each_subscription_once_and_a_second_send_posts_nothing(env, subscribed, slack):
    first = invoke(env, "digest", "send")
    second = invoke(env, "digest", "send")
    assert first.exit_code == 0, first.output
    assert [len(slack.posted(c)) for c in CHANNELS] == [1, 1]
    assert "2 posted" in first.output
    assert second.exit_code == 0, second.output
    assert "2 already posted" in second.output


def test_forced_send_posts_again_and_says_so(env, subscribed, slack):
    invoke(env, "digest", "send", "--channel", "C0AAAA1")
    result = invoke(env, "digest", "send", "--channel", "C0AAAA1", "--force")
    assert "forced: posted again" in result.output
    assert len(slack.posted("C0AAAA1")) == 2


def test_send_json_reports_outcomes(env, subscribed):
    result = invoke(env, "digest", "send", "--category", "sec", "--json")
    outcomes = {row["channel"]: row["outcome"] for row in json.loads(result.output)["results"]}
    assert outcomes == dict.fromkeys(CHANNELS, "posted")


def test_send_failing_for_a_channel_exits_1_and_posts_the_others(env, subscribed, slack):
    slack.fail("chat.postMessage", error="is_archived", channel="C0BBBB2")
    result = invoke(env, "digest", "send")
    assert result.exit_code == 1
    assert "error=is_archived" in result.output
    assert len(slack.posted("C0AAAA1")) == 1


def test_preview_prints_the_digest_and_posts_nothing(env, subscribed, slack):
    result = invoke(env, "digest", "preview", "security", "--channel", "C0AAAA1")
    assert result.exit_code == 0
    assert "Security digest" in result.output
    assert "Preview, nothing was posted" in result.output
    assert slack.calls == []
    assert subscribed.runs() == []


def test_preview_of_unknown_category_is_one_line_with_the_known_ones(env):
    result = invoke(env, "digest", "preview", "gardening")
    assert result.exit_code == 2
    assert "unknown category 'gardening'" in result.output
    assert "Security" in result.output


def test_send_without_a_token_says_which_setting_is_missing(env):
    result = invoke({**env, "SLACK_BOT_TOKEN": ""}, "digest", "send")
    assert result.exit_code == 2
    assert "SLACK_BOT_TOKEN is not set" in result.output


def test_subscriptions_json_lists_every_subscription(env, subscribed):
    rows = json.loads(invoke(env, "subscriptions", "--json").output)
    assert [(r["channel"], r["category"], r["added_by"]) for r in rows] == [
        (c, "Security", "U1") for c in CHANNELS
    ]


def test_db_upgrade_keeps_existing_subscriptions(env, subscribed):
    result = invoke(env, "db", "upgrade")
    assert "already at schema revision 0004 (the newest); nothing to do" in result.output
    assert len(subscribed.subscriptions()) == 2


def test_two_send_processes_at_once_post_each_digest_once(env, subscribed, slack):
    command = [str(Path(sys.executable).with_name("insights-bot")), "digest", "send"]
    runs = [
        subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=60) for run in runs]
    # A digest the other process is posting at that moment is reported as not posted yet (exit 3), never done.
    assert {run.returncode for run in runs} <= {0, 3}, outputs
    for run, (out, _) in zip(runs, outputs, strict=True):
        assert (run.returncode == 3) == (b"NOT POSTED YET" in out), out
    assert Counter(message["channel"] for message in slack.posted()) == Counter(dict.fromkeys(CHANNELS, 1))


def test_scheduler_command_posts_what_is_due_at_start_and_stops_on_sigterm(tmp_path, slack):
    url = f"sqlite:///{tmp_path / 'insights.db'}"
    store = Store.connect(url)
    store.upgrade()
    store.add_subscription("C0AAAA1", "Security", added_by="U1", now=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    store.close()
    env = {**os.environ, "DATABASE_URL": url, "SLACK_BOT_TOKEN": "xoxb-t", "SLACK_API_URL": slack.api_url}
    command = [str(Path(sys.executable).with_name("insights-bot")), "scheduler"]
    process = subprocess.Popen(
        command,
        env={**env, "DIGEST_SCHEDULE": "0 * * * *"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not slack.posted() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert len(slack.posted("C0AAAA1")) == 1
    assert process.returncode == 0, err


def test_subscriptions_lists_digests_yml_entries_before_any_bot_has_started(env, tmp_path, store):
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parents[2] / "content", content)
    (content / "digests.yml").write_text("Security: [C0FILE01]\n", encoding="utf-8")
    with_file = {**env, "CONTENT_DIR": str(content)}
    result = invoke(with_file, "subscriptions")
    assert "C0FILE01     Security" in result.output
    assert "not applied yet" in result.output
    assert "applied when the bot" in result.output
    rows = json.loads(invoke(with_file, "subscriptions", "--json").output)
    assert [(r["channel"], r["source"], r["applied"]) for r in rows] == [("C0FILE01", "file", False)]
    assert store.subscriptions() == []  # listing changes nothing


def test_send_after_a_kill_says_the_digest_is_not_posted_yet_and_exits_3(env, subscribed, slack):
    yearly = {**env, "DIGEST_SCHEDULE": "0 0 1 1 *"}  # one period all year: no minute boundary to race
    now = dt.datetime.now(dt.UTC)
    period = period_at(Schedule.parse("0 0 1 1 *", "UTC"), now).key
    sub = subscribed.subscription("C0AAAA1", "Security")
    subscribed.claim_run(sub.id, period, owner="killed", now=now, lease=dt.timedelta(minutes=15))
    result = invoke(yearly, "digest", "send", "--channel", "C0AAAA1")
    assert result.exit_code == 3, result.output
    assert "NOT POSTED YET" in result.output
    assert "claimed by killed" in result.output
    assert "done" not in result.output
    assert slack.posted("C0AAAA1") == []
