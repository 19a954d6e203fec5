"""`insights-bot report ...` on recorded traffic: text, JSON, CSV, bad input, and the HTML page in Chromium."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NOW, SHIPPED_CONTENT

from bot.analytics import Recorder, UserKeys
from bot.analytics.recorder import Asked
from bot.bootstrap import build
from bot.cli.main import cli
from bot.settings import Settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database with a month of traffic, and the environment pointing the CLI at it."""
    settings = Settings(_env_file=None, content_dir=SHIPPED_CONTENT, data_dir=tmp_path, embedding_model="off")  # type: ignore[call-arg]
    bot = build(settings, clock=lambda: NOW)
    recorder = Recorder(bot.store, UserKeys())
    for day in range(28):
        when = dt.datetime.now(dt.UTC) - dt.timedelta(days=day, hours=1)
        for user in ("U1", "U2"):
            gap = Asked("mention", "=HYPERLINK(vpn setup)", "none", None, None, None)
            recorder.question(gap, user_id=user, now=when)
        hit = Asked(
            "slash",
            "docker",
            "answer",
            "Cloud & DevOps",
            "from-code-to-container",
            0.9,
            ("from-code-to-container",),
        )
        recorder.question(hit, user_id="U3", now=when)
    recorder.close()
    bot.store.record_vote(
        user_key="k", message_key="m", slug="from-code-to-container", query="q", helpful=False, now=NOW
    )
    bot.close()
    for name, value in {
        "DATA_DIR": str(tmp_path),
        "CONTENT_DIR": str(SHIPPED_CONTENT),
        "EMBEDDING_MODEL": "off",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["report", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_gaps_as_json_rank_the_unanswered_question(data_dir: Path) -> None:
    [gap] = json.loads(run("gaps", "--json"))
    assert gap["question"] == "=HYPERLINK(vpn setup)"
    assert gap["askers"] == 2
    assert gap["times"] == 56


def test_gaps_as_csv_cannot_run_a_formula_in_a_spreadsheet(data_dir: Path) -> None:
    [row] = list(csv.DictReader(io.StringIO(run("gaps", "--csv"))))
    assert row["question"] == "'=HYPERLINK(vpn setup)"


def test_gaps_window_and_bad_window(data_dir: Path) -> None:
    assert json.loads(run("gaps", "--since", "1w", "--json"))[0]["times"] == 14
    result = CliRunner().invoke(cli, ["report", "gaps", "--since", "soon"])
    assert result.exit_code == 2
    assert "--since takes a number of days or weeks" in result.output
    assert "Traceback" not in result.output


def test_articles_put_the_least_helpful_first_and_usage_counts_weeks(data_dir: Path) -> None:
    articles = json.loads(run("articles", "--json"))
    assert articles[0]["article"] == "from-code-to-container"
    assert articles[0]["not_helpful"] == 1
    assert articles[0]["shown"] == 28
    assert articles[0]["review"] == "n/a"
    weeks = json.loads(run("usage", "--weeks", "6", "--json"))
    assert len(weeks) == 6
    assert sum(week["questions"] for week in weeks) == 84
    assert max(week["active_askers"] for week in weeks) == 3
    assert "answer_rate" in run("usage")


@pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (CI installs the Debian `chromium` package)"
)
def test_the_html_page_renders_its_charts_offline_in_chromium(data_dir: Path) -> None:
    page = data_dir / "report.html"
    assert "Wrote" in run("--html", str(page))
    text = page.read_text(encoding="utf-8")
    assert '<script src="http' not in text  # plotly.js is inlined: nothing is fetched when it is viewed

    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=90, check=True,
    ).stdout  # fmt: skip

    assert (
        dom.count('class="main-svg"') >= 8
    )  # plotly draws two SVG layers per chart: all four charts rendered
    for title in ("Questions per week", "Answer rate over time", "Top gaps", "Helpful ratio per article"):
        assert title in dom
