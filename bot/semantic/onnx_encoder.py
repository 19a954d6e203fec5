"""A sentence encoder on ONNX Runtime and the `tokenizers` library: no PyTorch, a few milliseconds per query.

The pipeline is the one sentence-transformers uses for all-MiniLM-L6-v2: WordPiece tokens (truncated to 256,
the model's training length), the transformer, a mean over the real tokens (padding masked out), unit length.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort  # type: ignore[import-untyped]  # onnxruntime ships no type hints
from numpy.typing import NDArray
from tokenizers import Encoding, Tokenizer

from bot.errors import EmbeddingError
from bot.semantic.encoder import Progress, QueryMemo, Vector, l2_normalise

MAX_TOKENS = 256
BATCH_TOKENS = 1024


def open_session(model_file: Path, threads: int) -> ort.InferenceSession:
    """A CPU session limited to `threads`, so embedding never takes every core from the Slack listeners."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = max(1, threads)
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    # Threads sleep instead of spinning between runs: on a small shared machine a spinning pool steals the CPU
    # the Slack listeners need, and under contention it made embedding slower, not faster.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    # No growing arena: a 1,000-article first build otherwise leaves its peak working memory held for good.
    options.enable_cpu_mem_arena = False
    options.log_severity_level = 3  # errors only: ORT's start-up chatter is not the bot's to print
    return ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])


def open_tokenizer(tokenizer_file: Path, max_tokens: int = MAX_TOKENS) -> Tokenizer:
    """Truncation is set once here and padding switched off: batches are padded in `_pad`, so the shared
    tokenizer is never reconfigured while another thread uses it."""
    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.enable_truncation(max_length=max_tokens)
    tokenizer.no_padding()
    return tokenizer


def _encodable(text: str) -> str:
    """A lone surrogate (JSON can carry `\\ud800` from Slack) makes the tokenizer refuse the whole batch."""
    return text.encode("utf-8", "replace").decode("utf-8")


def _pad(encodings: Sequence[Encoding]) -> dict[str, NDArray[np.int64]]:
    width = max((len(encoding.ids) for encoding in encodings), default=0)
    ids = np.zeros((len(encodings), width), dtype=np.int64)
    types = np.zeros_like(ids)
    mask = np.zeros_like(ids)
    for row, encoding in enumerate(encodings):
        length = len(encoding.ids)
        ids[row, :length] = encoding.ids
        types[row, :length] = encoding.type_ids
        mask[row, :length] = 1
    return {"input_ids": ids, "token_type_ids": types, "attention_mask": mask}


def mean_pool(hidden: NDArray[np.floating], mask: NDArray[np.int64]) -> Vector:
    """The average of the token vectors that are real text, weighted by the attention mask."""
    weights = mask[..., None].astype(np.float32)
    summed = (hidden.astype(np.float32) * weights).sum(axis=1)
    pooled: Vector = (summed / np.maximum(weights.sum(axis=1), np.float32(1e-9))).astype(np.float32)
    return pooled


def token_batches(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Indices grouped shortest first, each group padded length x size within `budget` tokens.

    Measured on 2 cores: batching full-length (256-token) articles bought no speed over one at a time, while
    ONNX Runtime's working memory grew with the batch (about +50 MB per extra 256-token row). A token budget
    keeps that bounded and still groups short texts, where per-call overhead does matter.
    """
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    batches: list[list[int]] = []
    for index in order:
        if batches and (len(batches[-1]) + 1) * lengths[index] <= budget:
            batches[-1].append(index)
        else:
            batches.append([index])
    return batches


class OnnxEncoder:
    """Thread-safe: ONNX Runtime sessions allow concurrent `run`, the tokenizer is only read after set-up."""

    def __init__(
        self,
        session: ort.InferenceSession,
        tokenizer: Tokenizer,
        model_id: str,
        *,
        batch_tokens: int = BATCH_TOKENS,
        query_memo_size: int = 256,
    ) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._model_id = model_id
        self._batch_tokens = max(1, batch_tokens)
        self._inputs = {node.name for node in session.get_inputs()}
        self._memo = QueryMemo(query_memo_size)
        self._dimension = int(self._infer(self._tokenise(["dimension probe"])).shape[1])

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def dimension(self) -> int:
        return self._dimension

    def embed_query(self, text: str) -> Vector:
        return self._memo.get_or_compute(text, lambda one: self._infer(self._tokenise([one]))[0])

    def embed_documents(self, texts: Sequence[str], progress: Progress | None = None) -> Vector:
        result = np.zeros((len(texts), self._dimension), dtype=np.float32)
        encodings = self._tokenise(list(texts))
        done = 0
        for batch in token_batches([len(encoding.ids) for encoding in encodings], self._batch_tokens):
            result[batch] = self._infer([encodings[index] for index in batch])
            done += len(batch)
            if progress is not None:
                progress(done, len(texts))
        return result

    def _tokenise(self, texts: list[str]) -> list[Encoding]:
        try:
            return list(self._tokenizer.encode_batch([_encodable(text) for text in texts]))
        except Exception as exc:  # the Rust tokenizer raises plain Exception
            raise EmbeddingError(f"tokenizing failed: {type(exc).__name__}: {exc}") from exc

    def _infer(self, encodings: Sequence[Encoding]) -> Vector:
        feeds = _pad(encodings)
        try:
            outputs: list[Any] = self._session.run(
                None, {name: array for name, array in feeds.items() if name in self._inputs}
            )
        except Exception as exc:  # ORT raises its own untyped runtime errors; one type for callers to catch
            raise EmbeddingError(f"embedding failed: {type(exc).__name__}: {exc}") from exc
        hidden = np.asarray(outputs[0])
        pooled = hidden if hidden.ndim == 2 else mean_pool(hidden, feeds["attention_mask"])
        return l2_normalise(pooled)
