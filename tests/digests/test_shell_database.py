"""The local shell keeps its own database, so trying `/insights subscribe` there never reaches the real bot."""

from __future__ import annotations

from click.testing import CliRunner

from bot.cli.main import cli
from bot.store import Store

SLACK_VARIABLES = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL")


def test_subscribing_in_the_shell_leaves_the_bots_database_alone(tmp_path, monkeypatch):
    for name in SLACK_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    real = f"sqlite:///{tmp_path / 'real.db'}"
    env = {"DATABASE_URL": real, "DATA_DIR": str(tmp_path / "data"), "SHELL_DATABASE_URL": ""}
    result = CliRunner().invoke(cli, ["shell"], input="/insights subscribe security\n", env=env)
    assert result.exit_code == 0, result.output
    assert "now gets the weekly" in result.output
    bot_store = Store.connect(real)
    shell_store = Store.connect(f"sqlite:///{tmp_path / 'data' / 'shell.db'}")
    try:
        bot_store.upgrade()
        assert bot_store.subscriptions() == []
        assert [s.category for s in shell_store.subscriptions()] == ["Security"]
    finally:
        bot_store.close()
        shell_store.close()
