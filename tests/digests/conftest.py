"""Fixtures for the digest tests; the helpers they use live in `world.py`."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.catalog.model import Catalog
from bot.digests import DigestRunner

from .world import MONDAY_9, Clock, RecordingPoster, make_catalog, make_runner


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY_9)


@pytest.fixture
def catalog() -> Catalog:
    return make_catalog()


@pytest.fixture
def poster() -> RecordingPoster:
    return RecordingPoster()


@pytest.fixture
def runner(store, poster, catalog, clock) -> DigestRunner:
    store.mark_seen([a.slug for a in catalog.articles], MONDAY_9 - dt.timedelta(days=60))
    return make_runner(store, poster, catalog, clock)
