"""A restart with an unchanged catalog reads the lexical index back from DATA_DIR/index instead of rebuilding
it, answers exactly as a fresh build does, and never trusts a snapshot that is damaged, foreign or stale."""

from __future__ import annotations

import logging
import os
import shutil
import zipfile
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import yaml

import bot.search_snapshot as search_snapshot
from bot.assistant import find
from bot.core.catalog import load_catalog
from bot.core.search import SearchIndex
from bot.core.search.analysis import Analyzer
from bot.core.search.built import LexicalParts
from bot.live_catalog import LiveCatalog
from bot.search_pool import ReaderPool
from bot.search_snapshot import FILE_NAME, IndexSnapshots
from bot.settings import Settings
from bot.wiring import live_catalog

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    entry["query"] for entry in yaml.safe_load((ROOT / "tests/eval/queries.yml").read_text())["queries"]
]


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the lexical parts were built from the articles' text (not read from a snapshot)."""
    built: list[int] = []
    original = LexicalParts.build.__func__  # type: ignore[attr-defined]

    def counted(
        cls: type[LexicalParts], articles: object, analyzer: object, read: object = None
    ) -> LexicalParts:
        built.append(len(articles))  # type: ignore[arg-type]
        return original(cls, articles, analyzer, read)  # type: ignore[no-any-return]

    monkeypatch.setattr(LexicalParts, "build", classmethod(counted))
    return built


def restart(content: Path, data: Path) -> LiveCatalog:
    """A new process's catalog, wired as `bootstrap.build` wires it (words only)."""
    settings = Settings(_env_file=None, content_dir=content, data_dir=data, embedding_model="off")  # type: ignore[call-arg]
    return live_catalog(settings)


def test_a_restart_reads_the_index_back_and_answers_every_labelled_query_the_same(
    tmp_path: Path, builds: list[int]
) -> None:
    catalog = load_catalog(ROOT / "content")
    fresh = SearchIndex.build(catalog)
    snapshots = IndexSnapshots(tmp_path)
    snapshots.build(catalog)
    restarted = IndexSnapshots(tmp_path).build(load_catalog(ROOT / "content"))

    assert builds == [len(catalog.articles)] * 2  # the fresh build and the first start; the restart read it
    for query in QUERIES:
        assert find(restarted, query, limit=10) == find(fresh, query, limit=10), query


def test_the_bot_writes_the_snapshot_under_data_dir_and_a_restart_uses_it(
    catalog_dir: Path, tmp_path: Path, builds: list[int]
) -> None:
    first = restart(catalog_dir, tmp_path / "data").current.index
    second = restart(catalog_dir, tmp_path / "data").current.index

    assert (tmp_path / "data" / "index" / FILE_NAME).is_file()
    assert len(builds) == 1
    assert second.search("rollback deploys", limit=5) == first.search("rollback deploys", limit=5)


def test_an_edited_article_is_indexed_anew_after_a_restart(
    catalog_dir: Path, tmp_path: Path, write_article: object, builds: list[int]
) -> None:
    restart(catalog_dir, tmp_path / "data")
    assert restart(catalog_dir, tmp_path / "data").current.index.search("zanzibarite").results == ()
    write_article(catalog_dir, "security/minerals.md", title="Minerals", body="On zanzibarite and its uses.")  # type: ignore[operator]

    index = restart(catalog_dir, tmp_path / "data").current.index

    assert [hit.article.slug for hit in index.search("zanzibarite").results] == ["minerals"]
    assert len(builds) == 2  # the first start and the one after the edit


def test_a_hot_reload_replaces_the_snapshot_that_the_next_start_reads(
    catalog_dir: Path, tmp_path: Path, write_article: object, builds: list[int]
) -> None:
    live = restart(catalog_dir, tmp_path / "data")
    write_article(catalog_dir, "security/minerals.md", title="Minerals", body="On zanzibarite and its uses.")  # type: ignore[operator]
    live.reload()

    index = restart(catalog_dir, tmp_path / "data").current.index

    assert [hit.article.slug for hit in index.search("zanzibarite").results] == ["minerals"]
    assert len(builds) == 2


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garble(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        at = (
            archive.getinfo("docs.npy").header_offset + 400
        )  # inside the postings: their CRC no longer matches
    data = bytearray(path.read_bytes())
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))


def _foreign_npz(path: Path) -> None:
    with path.open("wb") as stream:
        np.savez(stream, key=np.array("something else"), vectors=np.zeros((2, 3)))


def _inconsistent(path: Path) -> None:
    """Our own format and key, but a posting names a document the catalog does not have."""
    with np.load(path) as data:
        arrays = {name: np.array(data[name]) for name in data.files}
    arrays["docs"][0] = 10_000
    with path.open("wb") as stream:
        np.savez(stream, **arrays)


@pytest.mark.parametrize(
    "damage",
    [
        _truncate,
        _garble,
        _foreign_npz,
        _inconsistent,
        lambda path: path.write_bytes(b"not an index at all"),
        lambda path: path.write_bytes(b""),
        lambda path: np.save(path.open("wb"), np.arange(3)),
    ],
    ids=["truncated", "garbled", "foreign", "inconsistent", "garbage", "empty", "npy"],
)
def test_a_damaged_snapshot_is_rebuilt_with_one_warning(
    tmp_path: Path, damage: object, builds: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    catalog = load_catalog(ROOT / "content")
    IndexSnapshots(tmp_path).build(catalog)
    damage(tmp_path / FILE_NAME)  # type: ignore[operator]

    with caplog.at_level(logging.INFO, logger="bot.search_snapshot"):
        index = IndexSnapshots(tmp_path).build(catalog)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]

    assert len(builds) == 2
    assert len(warnings) == 1
    assert "rebuilding" in warnings[0].getMessage()
    assert find(index, "kubernetes gitops") == find(SearchIndex.build(catalog), "kubernetes gitops")
    with zipfile.ZipFile(tmp_path / FILE_NAME) as rewritten:  # replaced by a good one
        assert rewritten.testzip() is None


def test_an_analyser_change_is_never_served_an_old_snapshot(
    tmp_path: Path, builds: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = load_catalog(ROOT / "content")
    IndexSnapshots(tmp_path).build(catalog)
    monkeypatch.setattr(search_snapshot, "code_version", lambda: "another analyser")

    IndexSnapshots(tmp_path).build(catalog)

    assert len(builds) == 2


def test_the_key_covers_every_indexed_field() -> None:
    articles = list(load_catalog(ROOT / "content").articles)
    key = search_snapshot.catalog_key(articles)
    edits = {"title": "X", "summary": "X", "body": "X", "category": "X", "tags": ("x",), "questions": ("x?",)}
    changed = [
        search_snapshot.catalog_key([replace(articles[0], **{f: v}), *articles[1:]]) for f, v in edits.items()
    ]

    assert key == search_snapshot.catalog_key(list(load_catalog(ROOT / "content").articles))
    assert key not in changed
    assert len(set(changed)) == len(changed)


def test_the_code_version_changes_with_any_search_module(tmp_path: Path) -> None:
    for source in (ROOT / "bot/core/search").glob("*.py"):
        shutil.copyfile(source, tmp_path / source.name)
    before = search_snapshot.source_digest(tmp_path)
    with (tmp_path / "lexicon.py").open("a") as stream:
        stream.write("STOP_WORDS = STOP_WORDS | {'kubernetes'}\n")

    assert before == search_snapshot.source_digest(ROOT / "bot/core/search")
    assert search_snapshot.source_digest(tmp_path) != before


def test_an_unwritable_folder_costs_the_snapshot_not_the_index(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    catalog = load_catalog(ROOT / "content")

    with caplog.at_level(logging.WARNING, logger="bot.search_snapshot"):
        index = IndexSnapshots(blocked / "index").build(catalog)

    assert find(index, "kubernetes gitops").results
    assert [r.getMessage() for r in caplog.records if "not saved" in r.getMessage()]
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


def test_a_snapshot_over_the_size_bound_is_not_written(tmp_path: Path) -> None:
    catalog = load_catalog(ROOT / "content")

    IndexSnapshots(tmp_path, max_bytes=1000).build(catalog)

    assert os.listdir(tmp_path) == []


def test_texts_read_in_worker_processes_give_the_very_same_index(builds: list[int]) -> None:
    catalog = load_catalog(ROOT / "content")
    articles = list(catalog.articles) * 150  # 4,200 articles: three build batches, read by two workers
    here = LexicalParts.build(articles, Analyzer())
    pooled = LexicalParts.build(articles, Analyzer(), ReaderPool(2))

    assert list(pooled.index.surfaces.items()) == list(here.index.surfaces.items())
    assert pooled.index.term_ids == here.index.term_ids
    for mine, theirs in zip(pooled.index.arrays, here.index.arrays, strict=True):
        assert np.array_equal(mine, theirs)
    assert np.array_equal(pooled.index.headline, here.index.headline)
    assert pooled.index.joined_only == here.index.joined_only


def test_workers_that_fail_leave_the_build_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(batches: object) -> object:
        raise BrokenProcessPool("a worker was killed")

    monkeypatch.setattr(search_snapshot, "POOL_MIN_ARTICLES", 1)
    monkeypatch.setattr(search_snapshot, "ReaderPool", lambda workers: broken)
    catalog = load_catalog(ROOT / "content")

    with caplog.at_level(logging.WARNING, logger="bot.search_snapshot"):
        index = IndexSnapshots(tmp_path, workers=2).build(catalog)

    assert find(index, "kubernetes gitops") == find(SearchIndex.build(catalog), "kubernetes gitops")
    assert ["worker processes failed" in r.getMessage() for r in caplog.records] == [True]


def test_without_source_to_read_no_snapshot_is_trusted(tmp_path: Path) -> None:
    assert search_snapshot.source_digest(tmp_path) != search_snapshot.source_digest(tmp_path)
