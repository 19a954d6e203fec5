"""`insights-bot shell`, `run` without Slack settings, `manifest`, and clear start-up errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli.main import cli

SLACK_VARIABLES = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL")
MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


@pytest.fixture
def invoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run the CLI in-process with no Slack settings and a throwaway database, from a folder without .env."""
    for name in SLACK_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input, env=env)

    return run


def test_piped_shell_answers_each_line_in_order(invoke):
    result = invoke("shell", input="/insights categories\nkubernetes gitops\n")
    assert result.exit_code == 0, result.output
    lines = result.output
    assert (
        lines.index("you> /insights categories") < lines.index("[only you]") < lines.index("you> kubernetes")
    )
    assert "[DM]" in lines


def test_piped_shell_output_has_no_terminal_escape_codes(invoke):
    result = invoke("shell", input="/insights security\n")
    assert "\x1b[" not in result.output


def test_run_without_slack_settings_opens_the_shell_and_says_how_to_connect(invoke):
    result = invoke("run", input="/insights security\n")
    assert result.exit_code == 0, result.output
    assert "To connect a workspace" in result.output
    assert "[only you]" in result.output


def test_run_with_an_app_token_but_no_bot_token_names_the_missing_setting(invoke):
    result = invoke("run", env={"SLACK_APP_TOKEN": "xapp-1-test"})
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert "SLACK_BOT_TOKEN is not set" in line
    assert "Traceback" not in result.output


def test_run_in_http_mode_without_a_signing_secret_names_it(invoke):
    result = invoke("run", env={"SLACK_BOT_TOKEN": "xoxb-1-test"})
    assert result.exit_code == 2
    assert "SLACK_SIGNING_SECRET is not set" in result.output


def test_serve_without_a_bot_token_names_it(invoke):
    result = invoke("serve", env={"SLACK_SIGNING_SECRET": "abc"})
    assert result.exit_code == 2
    assert "SLACK_BOT_TOKEN is not set" in result.output


def test_missing_content_folder_is_one_line_naming_content_dir(invoke, tmp_path):
    result = invoke("--content-dir", str(tmp_path / "nowhere"), "shell", input="")
    assert result.exit_code == 2
    assert "CONTENT_DIR" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_manifest_prints_the_shipped_socket_mode_manifest(invoke):
    result = invoke("manifest")
    assert result.exit_code == 0
    assert result.output == MANIFEST.read_text(encoding="utf-8")


def test_manifest_with_url_sets_the_request_urls(invoke):
    result = invoke("manifest", "--url", "https://insights.example.com")
    assert result.exit_code == 0
    assert result.output.count("https://insights.example.com/slack/events") == 3


def test_manifest_with_a_plain_http_url_is_refused_clearly(invoke):
    result = invoke("manifest", "--url", "http://insights.example.com")
    assert result.exit_code == 2
    assert "https" in result.output.strip().splitlines()[-1]


def test_piped_shell_shows_emoji_not_shortcodes_and_spaces_cards(invoke):
    result = invoke("shell", input="/insights security\n")
    assert result.exit_code == 0, result.output
    assert "🔒 Security" in result.output
    assert ":lock:" not in result.output
    assert "[Read]\n\n" in result.output


def test_the_shell_never_writes_into_the_bots_database(invoke, tmp_path):
    result = invoke("shell", input="/insights subscribe security\n")
    assert result.exit_code == 0, result.output
    from bot.store import Store

    bot_store = Store.connect(f"sqlite:///{tmp_path / 'cli.db'}")
    bot_store.upgrade()
    assert bot_store.subscriptions() == []
    bot_store.close()
