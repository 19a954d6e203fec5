"""The catalog's vectors: aligned to the articles, cached by content, rebuilt when the cache cannot be trusted."""

from __future__ import annotations

import dataclasses
import logging
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from bot.semantic import DocumentVectors, EmbeddingError, document_text, similarities
from bot.semantic.vector_cache import FILE_NAME, model_folder
from tests.semantic.conftest import CountingEncoder, make_article


def cache_file(root, encoder):
    return model_folder(root, encoder.model_id) / FILE_NAME


def test_rows_follow_the_articles_so_the_best_row_is_the_right_article(catalog, minilm, tmp_path):
    vectors = DocumentVectors.build(catalog, minilm, tmp_path)
    assert vectors.slugs == tuple(article.slug for article in catalog)
    scores = similarities(
        vectors.matrix, minilm.embed_query("scale containers automatically when traffic spikes")
    )
    assert vectors.slugs[int(np.argmax(scores))] == "k8s-autoscaling"


def test_first_build_embeds_every_article_and_reports_progress(catalog, counting, tmp_path, progress_log):
    calls, progress = progress_log
    vectors = DocumentVectors.build(catalog, counting, tmp_path, progress)
    assert (vectors.embedded, vectors.reused) == (3, 0)
    assert sorted(counting.embedded) == sorted(document_text(article) for article in catalog)
    assert calls[-1] == (3, 3)


def test_a_restart_with_an_unchanged_catalog_embeds_nothing(catalog, minilm, tmp_path, progress_log):
    first = DocumentVectors.build(catalog, minilm, tmp_path)
    calls, progress = progress_log
    restarted = CountingEncoder(minilm)
    second = DocumentVectors.build(catalog, restarted, tmp_path, progress)
    assert restarted.embedded == []
    assert calls == []
    assert (second.embedded, second.reused) == (0, 3)
    assert np.array_equal(first.matrix, second.matrix)


def test_an_edited_article_is_the_only_one_embedded_again(catalog, minilm, tmp_path):
    DocumentVectors.build(catalog, minilm, tmp_path)
    edited = dataclasses.replace(catalog[1], summary="Card payments, refunds, disputes and chargebacks.")
    counting = CountingEncoder(minilm)
    vectors = DocumentVectors.build([catalog[0], edited, catalog[2]], counting, tmp_path)
    assert counting.embedded == [document_text(edited)]
    assert (vectors.embedded, vectors.reused) == (1, 2)


def test_a_removed_article_leaves_the_cache(catalog, minilm, tmp_path):
    DocumentVectors.build(catalog, minilm, tmp_path)
    DocumentVectors.build(catalog[:2], minilm, tmp_path)
    counting = CountingEncoder(minilm)
    DocumentVectors.build(catalog, counting, tmp_path)
    assert counting.embedded == [document_text(catalog[2])]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:300] + bytes(range(256)) * 4 + data[1324:], id="garbled"),
        pytest.param(lambda data: b"", id="empty"),
    ],
)
def test_a_damaged_cache_file_is_rebuilt_with_a_warning(catalog, minilm, tmp_path, caplog, damage):
    good = DocumentVectors.build(catalog, minilm, tmp_path)
    path = cache_file(tmp_path, minilm)
    path.write_bytes(damage(path.read_bytes()))
    counting = CountingEncoder(minilm)
    with caplog.at_level(logging.WARNING):
        rebuilt = DocumentVectors.build(catalog, counting, tmp_path)
    assert len(counting.embedded) == 3
    assert np.allclose(rebuilt.matrix, good.matrix, atol=1e-5)
    assert any("vector cache" in record.getMessage() for record in caplog.records)
    assert DocumentVectors.build(catalog, CountingEncoder(minilm), tmp_path).embedded == 0


def test_a_cache_of_another_dimension_is_not_trusted(catalog, minilm, tmp_path):
    path = cache_file(tmp_path, minilm)
    path.parent.mkdir(parents=True)
    with path.open("wb") as stream:
        np.savez(stream, keys=np.array(["x" * 64]), vectors=np.ones((1, 8), dtype=np.float32))
    assert DocumentVectors.build(catalog, minilm, tmp_path).embedded == 3


def test_an_unwritable_cache_folder_still_gives_vectors(catalog, minilm, tmp_path, caplog):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("occupied", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        vectors = DocumentVectors.build(catalog, minilm, blocked)
    assert vectors.matrix.shape == (3, minilm.dimension)
    assert any("not saved" in record.getMessage() for record in caplog.records)


def test_a_build_leaves_only_the_cache_file_behind(catalog, minilm, tmp_path):
    DocumentVectors.build(catalog, minilm, tmp_path)
    folder = model_folder(tmp_path, minilm.model_id)
    assert [path.name for path in folder.iterdir()] == [FILE_NAME]


def test_no_cache_folder_means_everything_is_embedded_each_time(catalog, counting):
    DocumentVectors.build(catalog, counting, None)
    DocumentVectors.build(catalog, counting, None)
    assert len(counting.embedded) == 6


def test_an_emptied_catalog_gives_an_empty_matrix_and_a_clean_cache(catalog, minilm, tmp_path, caplog):
    DocumentVectors.build(catalog, minilm, tmp_path)
    with caplog.at_level(logging.WARNING):
        DocumentVectors.build([], minilm, tmp_path)
        vectors = DocumentVectors.build([], minilm, tmp_path)
    assert vectors.matrix.shape == (0, minilm.dimension)
    assert similarities(vectors.matrix, minilm.embed_query("anything")).shape == (0,)
    assert caplog.records == []


def test_vectors_of_different_models_are_never_compared(minilm):
    with pytest.raises(ValueError, match="different models"):
        similarities(np.zeros((2, 8), dtype=np.float32), minilm.embed_query("query"))


def test_document_text_puts_title_and_summary_before_the_body(catalog):
    text = document_text(catalog[0])
    assert (
        text.index("Autoscaling workloads") < text.index("Horizontal Pod") < text.index("resource requests")
    )


def test_an_article_with_a_lone_surrogate_is_embedded_and_cached(catalog, minilm, tmp_path):
    odd = [*catalog, make_article("odd", "Broken \udcff bytes in a title", "Still an article.")]
    assert DocumentVectors.build(odd, minilm, tmp_path).embedded == 4
    assert DocumentVectors.build(odd, minilm, tmp_path).embedded == 0


class FailsOnSecondCall(CountingEncoder):
    def embed_documents(self, texts, progress=None):
        if self.embedded:
            raise EmbeddingError("the model gave up")
        return super().embed_documents(texts, progress)


def test_a_first_build_stopped_half_way_resumes_where_it_stopped(catalog, minilm, tmp_path):
    with pytest.raises(EmbeddingError):
        DocumentVectors.build(catalog, FailsOnSecondCall(minilm), tmp_path, checkpoint=2)
    resumed = CountingEncoder(minilm)
    vectors = DocumentVectors.build(catalog, resumed, tmp_path, checkpoint=2)
    assert len(resumed.embedded) == 1
    assert (vectors.embedded, vectors.reused) == (1, 2)


def test_progress_counts_across_checkpoints_to_the_total(catalog, minilm, tmp_path, progress_log):
    calls, progress = progress_log
    DocumentVectors.build(catalog, minilm, tmp_path, progress, checkpoint=2)
    assert calls[-1] == (3, 3)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_two_builds_at_once_both_succeed_and_leave_a_usable_cache(catalog, minilm, tmp_path):
    with ThreadPoolExecutor(max_workers=2) as pool:
        builds = list(pool.map(lambda _: DocumentVectors.build(catalog, minilm, tmp_path), range(2)))
    assert np.allclose(builds[0].matrix, builds[1].matrix, atol=1e-5)
    assert DocumentVectors.build(catalog, CountingEncoder(minilm), tmp_path).embedded == 0
