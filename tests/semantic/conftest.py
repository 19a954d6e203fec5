"""The real packaged model, loaded once per session; articles built by hand; an encoder that counts its work."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pytest

from bot.core.catalog.model import Article
from bot.semantic import Encoder, OnnxEncoder, Progress, load_encoder


@pytest.fixture(scope="session")
def minilm() -> OnnxEncoder:
    encoder = load_encoder("minilm-int8")
    assert isinstance(encoder, OnnxEncoder), f"the packaged model must load offline: {encoder}"
    return encoder


class CountingEncoder:
    """The real encoder, recording every document text it is asked to embed."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.embedded: list[str] = []

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def embed_documents(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        self.embedded.extend(texts)
        return self.inner.embed_documents(texts, progress)


@pytest.fixture
def counting(minilm: OnnxEncoder) -> CountingEncoder:
    return CountingEncoder(minilm)


def make_article(slug: str, title: str, summary: str = "", body: str = "") -> Article:
    return Article(slug=slug, title=title, category="engineering", summary=summary, read_time=3, body=body)


@pytest.fixture
def catalog() -> list[Article]:
    return [
        make_article(
            "k8s-autoscaling",
            "Autoscaling workloads on Kubernetes",
            "The Horizontal Pod Autoscaler adds pods when CPU or request load rises.",
            "Set resource requests, then define an HPA with a target utilisation and min/max replicas.",
        ),
        make_article(
            "card-payments",
            "Taking card payments",
            "How we charge customers' cards, refund them and handle chargebacks.",
            "Payments go through the payment provider's API; webhooks confirm each charge.",
        ),
        make_article(
            "refresh-tokens",
            "Storing refresh tokens safely",
            "Refresh tokens live in an http-only cookie and rotate on every use.",
            "Revoke the whole token family when a rotated token is replayed.",
        ),
    ]


ProgressLog = list[tuple[int, int]]


@pytest.fixture
def progress_log() -> tuple[ProgressLog, Callable[[int, int], None]]:
    calls: ProgressLog = []
    return calls, lambda done, total: calls.append((done, total))
