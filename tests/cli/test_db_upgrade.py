"""`insights-bot db upgrade` says what it did to which database, never an object's repr."""

from __future__ import annotations

from click.testing import CliRunner

from bot.cli.main import cli


def test_db_upgrade_says_it_created_then_that_nothing_was_left_to_do(tmp_path, monkeypatch) -> None:
    database = tmp_path / "fresh.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    first = CliRunner().invoke(cli, ["db", "upgrade"])
    second = CliRunner().invoke(cli, ["db", "upgrade"])
    assert first.output == f"SQLite file {database}: created the schema (revision 0004)\n"
    assert (
        second.output
        == f"SQLite file {database}: already at schema revision 0004 (the newest); nothing to do\n"
    )
    assert "Store(" not in first.output + second.output
