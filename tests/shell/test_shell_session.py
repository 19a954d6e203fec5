"""The local shell: typed lines go through the real app as signed Slack requests; Slack's view comes back."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.bootstrap import build
from bot.settings import Settings
from bot.shell import ShellSession, Style, run_loop
from bot.shell.requests import CHANNEL_ID, PayloadFactory, escape_typed
from bot.shell.session import Shown

SHIPPED_CONTENT = Path(__file__).resolve().parents[2] / "content"


def shell_settings(data_dir: Path) -> Settings:
    return Settings(_env_file=None, content_dir=SHIPPED_CONTENT, data_dir=data_dir)  # type: ignore[call-arg]


@pytest.fixture
def session(tmp_path: Path) -> Iterator[ShellSession]:
    with ShellSession.open(shell_settings(tmp_path), build) as opened:
        yield opened


def test_slash_command_result_is_shown_only_to_the_caller_with_numbered_buttons(session):
    [shown] = session.handle("/insights security")
    assert shown.where == "only you"
    assert "Securing User Sessions" in shown.text
    assert "1:[Share in channel]" in shown.text


def test_clicking_share_posts_the_article_for_everyone_in_the_channel(session):
    session.handle("/insights security")
    shown = session.handle(":click 1")
    assert [item.where for item in shown] == ["#general"]
    assert "Shared by" in shown[0].text


def test_more_results_replaces_the_ephemeral_page_with_the_next_one(session):
    [page] = session.handle("/insights engineering")
    more = re.search(r"(\d+):\[More results\]", page.text).group(1)
    [next_page] = session.handle(f":click {more}")
    assert next_page.where == "only you · replaces the message"
    assert next_page.text != page.text


def test_mention_is_answered_in_a_thread_in_the_channel(session):
    [shown] = session.handle("@insights how should we store refresh tokens?")
    assert shown.where == "#general · thread"
    assert "Securing User Sessions" in shown.text


def test_mention_without_a_question_gets_short_help(session):
    [shown] = session.handle("@insights")
    assert shown.where == "#general · thread"
    assert "/insights help" in shown.text


def test_plain_line_is_a_direct_message_answered_in_the_dm(session):
    [shown] = session.handle("kubernetes gitops")
    assert shown.where == "DM"
    assert "Kubernetes" in shown.text


def test_home_command_shows_the_app_home_view(session):
    [shown] = session.handle(":home")
    assert shown.where == "App Home"
    assert "Categories" in shown.text


def test_slack_markup_typed_by_the_user_comes_back_as_text_not_a_mention(session):
    [shown] = session.handle("/insights <!channel> zzqx")
    assert "<!channel> zzqx" in shown.text
    assert "@channel" not in shown.text


def test_same_question_asked_twice_is_answered_twice(session):
    first = session.handle("what is a message queue?")
    second = session.handle("what is a message queue?")
    assert len(first) == len(second) == 1


def test_other_slash_commands_are_refused_as_slack_would(session):
    [shown] = session.handle("/giphy cats")
    assert shown.where == "Slackbot"
    assert "/giphy is not a valid command" in shown.text


def test_clicking_a_button_that_was_never_shown_explains_itself(session):
    [shown] = session.handle(":click 42")
    assert shown.where == "shell"
    assert "No button 42" in shown.text


def test_click_with_a_non_ascii_digit_is_not_a_button(session):
    [shown] = session.handle(":click ²")
    assert "No button" in shown.text


def test_a_word_starting_with_the_bot_name_is_a_dm_not_a_mention(session):
    [shown] = session.handle("@insightsful people")
    assert shown.where == "DM"


def test_unknown_shell_command_points_to_help(session):
    [shown] = session.handle(":frobnicate")
    assert ":help" in shown.text


def test_blank_line_shows_nothing(session):
    assert session.handle("   ") == []


def test_requests_with_a_wrong_signature_are_rejected_at_the_edge(session):
    forged = PayloadFactory("not-the-secret").direct_message("hello")
    assert session.send(forged) == [Shown("error", "Slack would show an error (the app answered HTTP 401).")]


def test_piped_lines_are_echoed_then_answered_and_quit_stops_reading(session):
    output = io.StringIO()
    handled = run_loop(
        session, ["/insights categories\n", ":quit\n", "/insights help\n"], output, Style(), echo=True
    )
    assert handled == 1
    text = output.getvalue()
    assert text.startswith("you> /insights categories\n[only you]\n")
    assert "Security" in text


def test_slash_command_text_is_escaped_the_way_slack_escapes_typed_text():
    request = PayloadFactory("secret", clock=lambda: 1_700_000_000).slash_command(
        "/insights", "a < b & <!here>", "http://x/r"
    )
    assert "text=a+%26lt%3B+b+%26amp%3B+%26lt%3B%21here%26gt%3B" in request.body
    assert escape_typed("<@U1>") == "&lt;@U1&gt;"


def test_event_ids_differ_between_shell_runs_so_the_dedupe_store_never_drops_a_new_line():
    first = json.loads(PayloadFactory("s").direct_message("hi").body)
    second = json.loads(PayloadFactory("s").direct_message("hi").body)
    assert first["event_id"] != second["event_id"]
    assert first["event"]["channel"] != CHANNEL_ID


@pytest.fixture(scope="module")
def shared_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ShellSession]:
    with ShellSession.open(shell_settings(tmp_path_factory.mktemp("shell")), build) as opened:
        yield opened


@settings(max_examples=40, deadline=None)
@given(prefix=st.sampled_from(["/insights ", "@insights ", "", ":click ", ":"]), text=st.text(max_size=200))
def test_any_typed_line_is_shown_without_an_exception_or_an_error_status(shared_session, prefix, text):
    shown = shared_session.handle(prefix + text)
    assert all(item.where != "error" for item in shown)
