"""Recorded traffic at controlled times: a recorder over the test store, and the shipped catalog's index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.analytics import Recorder, UserKeys
from bot.analytics.recorder import Asked, Tier
from bot.live_catalog import LiveCatalog
from bot.store import Store

SHIPPED_CONTENT = Path(__file__).resolve().parents[2] / "content"
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


class Traffic:
    """Writes questions as the assistant would, at any time: `ask("vpn setup", "none", user="U1", days_ago=3)`."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    def ask(
        self,
        text: str,
        tier: Tier = "none",
        *,
        user: str = "U1",
        days_ago: float = 1,
        category: str | None = None,
        top: str | None = None,
    ) -> None:
        asked = Asked("mention", text, tier, category, top, 0.5 if top else None, (top,) if top else ())
        self.recorder.question(asked, user_id=user, now=NOW - dt.timedelta(days=days_ago))

    def done(self) -> None:
        self.recorder.flush()


@pytest.fixture
def traffic(store: Store) -> Iterator[Traffic]:
    recorder = Recorder(store, UserKeys(salt="test salt"))
    yield Traffic(recorder)
    recorder.close()


@pytest.fixture(scope="session")
def catalog() -> LiveCatalog:
    return LiveCatalog(SHIPPED_CONTENT)
