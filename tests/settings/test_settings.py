"""Settings: every one documented, bad values stop start-up with one line naming the variable, secrets hidden."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def documented_settings() -> set[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_every_setting_is_documented_in_env_example():
    fields = {name.upper() for name in Settings.model_fields}
    assert fields <= documented_settings()


def test_env_example_documents_nothing_that_does_not_exist():
    fields = {name.upper() for name in Settings.model_fields}
    assert documented_settings() <= fields


def test_env_example_carries_no_real_looking_secret():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert not re.search(r"^SLACK_(BOT_TOKEN|SIGNING_SECRET|APP_TOKEN)=\S", text, flags=re.MULTILINE)


def test_malformed_bot_token_names_the_variable(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "not-a-token")
    with pytest.raises(SettingsError, match=r"^SLACK_BOT_TOKEN: .*xoxb-"):
        load_settings(_env_file=None)


def test_bad_time_zone_and_bad_cron_are_both_reported(monkeypatch):
    monkeypatch.setenv("DIGEST_TIMEZONE", "Mars/Olympus")
    monkeypatch.setenv("DIGEST_SCHEDULE", "every monday")
    with pytest.raises(SettingsError) as raised:
        load_settings(_env_file=None)
    assert "DIGEST_TIMEZONE" in str(raised.value)
    assert "DIGEST_SCHEDULE" in str(raised.value)


def test_digest_admins_are_read_as_a_comma_separated_list(monkeypatch):
    monkeypatch.setenv("DIGEST_ADMINS", "U1, U2,,")
    assert load_settings(_env_file=None).digest_admins == ("U1", "U2")


def test_tokens_never_appear_in_the_settings_repr(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-very-secret-value")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing-secret-value")
    settings = load_settings(_env_file=None)
    assert "very-secret" not in repr(settings)
    assert "signing-secret-value" not in str(settings.model_dump())


def test_without_database_url_the_embedded_sqlite_file_lives_in_data_dir(tmp_path):
    settings = load_settings(_env_file=None, data_dir=tmp_path)
    assert settings.effective_database_url == f"sqlite:///{tmp_path.resolve() / 'insights.db'}"


def test_api_url_gets_its_trailing_slash():
    assert load_settings(_env_file=None, slack_api_url="http://127.0.0.1:9/api").slack_api_url.endswith(
        "/api/"
    )


@pytest.mark.parametrize("value", ["bob", "U123,bob", "@alice", "u0123abcd"])
def test_digest_admins_that_are_not_user_ids_stop_start_up_in_one_line(monkeypatch, value):
    monkeypatch.setenv("DIGEST_ADMINS", value)
    with pytest.raises(SettingsError, match=r"^DIGEST_ADMINS: '.*' is not a Slack user ID") as raised:
        load_settings(_env_file=None)
    assert "\n" not in str(raised.value)


def test_digest_admins_accept_user_and_enterprise_ids(monkeypatch):
    monkeypatch.setenv("DIGEST_ADMINS", "U0123ABCD, W0456EFGH")
    assert load_settings(_env_file=None).digest_admins == ("U0123ABCD", "W0456EFGH")


def test_the_shell_has_its_own_database_unless_told_otherwise(tmp_path):
    settings = load_settings(_env_file=None, data_dir=tmp_path, database_url="postgresql+psycopg://db/real")
    assert settings.for_shell().effective_database_url == f"sqlite:///{tmp_path.resolve() / 'shell.db'}"
    assert settings.effective_database_url == "postgresql+psycopg://db/real"
    chosen = load_settings(_env_file=None, shell_database_url="sqlite:////tmp/try.db")
    assert chosen.for_shell().effective_database_url == "sqlite:////tmp/try.db"
