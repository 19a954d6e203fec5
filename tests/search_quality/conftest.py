"""Search with meaning: the shipped catalog indexed with the packaged model, loaded once for the session."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.catalog import load_catalog
from bot.core.search import SearchIndex
from bot.semantic import SemanticUnavailable, load_encoder
from bot.semantic.meaning import CatalogMeaning

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
EVAL_DIR = Path(__file__).resolve().parents[1] / "eval"


@pytest.fixture(scope="session")
def hybrid_index() -> SearchIndex:
    encoder = load_encoder("minilm-int8")
    assert not isinstance(encoder, SemanticUnavailable), encoder
    catalog = load_catalog(CONTENT_DIR)
    return SearchIndex.build(catalog, CatalogMeaning.build(catalog.articles, encoder, None))
