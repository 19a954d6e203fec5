"""Dense sentence embeddings for hybrid search: an encoder, cached document vectors, cosine similarities.

Outside `bot.core` because it reads model files and writes a cache; it takes plain arguments and never reads
settings. See docs/semantic.md.
"""

from bot.errors import EmbeddingError, IntegrityError
from bot.semantic.doc_text import document_text
from bot.semantic.document_vectors import DocumentVectors, similarities
from bot.semantic.encoder import Encoder, Progress, QueryMemo, Vector, l2_normalise
from bot.semantic.loading import (
    FASTEMBED_PREFIX,
    PACKAGED_SPEC,
    ModelFiles,
    SemanticUnavailable,
    directory_model,
    load_encoder,
    load_onnx,
    packaged_minilm,
)
from bot.semantic.onnx_encoder import OnnxEncoder

__all__ = [
    "FASTEMBED_PREFIX",
    "PACKAGED_SPEC",
    "DocumentVectors",
    "EmbeddingError",
    "Encoder",
    "IntegrityError",
    "ModelFiles",
    "OnnxEncoder",
    "Progress",
    "QueryMemo",
    "SemanticUnavailable",
    "Vector",
    "directory_model",
    "document_text",
    "l2_normalise",
    "load_encoder",
    "load_onnx",
    "packaged_minilm",
    "similarities",
]
