"""The packaged model's vectors: meaning, shape, batching and concurrency as ranking code relies on them."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from bot.semantic import similarities
from bot.semantic.onnx_encoder import token_batches


def test_paraphrase_is_closer_than_an_unrelated_text(minilm):
    query = minilm.embed_query("scale containers automatically when traffic spikes")
    documents = minilm.embed_documents(
        [
            "Kubernetes Horizontal Pod Autoscaler adds replicas when CPU load rises",
            "Processing card payments and refunds with our payment provider",
        ]
    )
    kubernetes, payments = similarities(documents, query)
    assert kubernetes > payments + 0.2


def test_vectors_are_unit_length_float32_of_the_model_dimension(minilm):
    vectors = minilm.embed_documents(["one sentence", "", "another, longer sentence about databases"])
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, minilm.dimension) == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_a_batch_gives_each_text_the_vector_it_gets_alone(minilm):
    texts = ["short", "a much longer text about rotating refresh tokens in cookies", "medium length text"]
    batch = minilm.embed_documents(texts)
    alone = np.stack([minilm.embed_documents([text])[0] for text in texts])
    assert np.allclose(batch, alone, atol=1e-4)


def test_text_past_the_token_limit_is_cut_not_refused(minilm):
    head = "Kubernetes autoscaling adds pods under load. "
    long_vector = minilm.embed_query(head + "filler words go here " * 2000)
    head_vector = minilm.embed_query(head + "filler words go here " * 40)
    assert float(long_vector @ head_vector) > 0.95


def test_a_repeated_query_is_answered_from_the_memo(minilm):
    first = minilm.embed_query("how do we rotate refresh tokens?")
    assert minilm.embed_query("how do we rotate refresh tokens?") is first
    assert not first.flags.writeable


def test_concurrent_queries_get_the_same_vectors_as_sequential_ones(minilm):
    texts = [f"question number {n} about deployments" for n in range(16)]
    expected = minilm.embed_documents(texts)
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(minilm.embed_query, texts))
    assert np.allclose(np.stack(got), expected, atol=1e-4)


def test_document_progress_counts_up_to_the_total(minilm, progress_log):
    calls, progress = progress_log
    minilm.embed_documents([f"text {n}" for n in range(40)], progress)
    assert calls[-1] == (40, 40)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_batches_hold_every_text_once_within_the_token_budget():
    lengths = [256, 12, 256, 40, 7, 256, 100]
    batches = token_batches(lengths, 512)
    assert sorted(index for batch in batches for index in batch) == list(range(len(lengths)))
    assert all(len(batch) * max(lengths[i] for i in batch) <= 512 for batch in batches)
    assert len(batches) < len(lengths)


def test_text_with_a_lone_surrogate_still_embeds(minilm):
    vector = minilm.embed_query("\ud800 rotate refresh tokens")
    assert abs(float(vector @ vector) - 1.0) < 1e-4
