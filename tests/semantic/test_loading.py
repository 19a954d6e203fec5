"""Model specs: each one loads, or search degrades to lexical with exactly one warning and a reason."""

from __future__ import annotations

import importlib.util
import logging
import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from bot.semantic import IntegrityError, OnnxEncoder, SemanticUnavailable, load_encoder, packaged_minilm


def warnings_from(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]


@pytest.fixture
def model_dir(tmp_path) -> Path:
    """The packaged model and vendored tokenizer, copied where an operator would put their own."""
    files = packaged_minilm()
    folder = tmp_path / "my-model"
    folder.mkdir()
    shutil.copyfile(files.model_file, folder / "model.onnx")
    shutil.copyfile(files.tokenizer_file, folder / "tokenizer.json")
    return folder


def tampered(tmp_path: Path, which: str):
    """The packaged files with one of them changed by a single byte."""
    files = packaged_minilm()
    source = files.model_file if which == "model" else files.tokenizer_file
    copy = tmp_path / source.name
    data = bytearray(source.read_bytes())
    data[len(data) // 2] ^= 0x01
    copy.write_bytes(bytes(data))
    if which == "model":
        return lambda: type(files)(
            copy, files.tokenizer_file, files.model_id, files.model_sha256, files.tokenizer_sha256
        )
    return lambda: type(files)(
        files.model_file, copy, files.model_id, files.model_sha256, files.tokenizer_sha256
    )


@pytest.mark.parametrize("which", ["model", "tokenizer"])
def test_a_file_that_does_not_match_its_pinned_hash_is_refused(tmp_path, caplog, which):
    result = load_encoder("minilm-int8", packaged=tampered(tmp_path, which))
    assert isinstance(result, SemanticUnavailable)
    assert "SHA-256 mismatch" in result.reason
    assert len(warnings_from(caplog)) == 1


def test_a_model_package_declaring_another_hash_is_refused():
    other_version = SimpleNamespace(SHA256="0" * 64, model_path=lambda: Path("model.onnx"))
    with pytest.raises(IntegrityError, match="pinned"):
        packaged_minilm(other_version)


def test_a_missing_model_folder_degrades_with_one_warning(tmp_path, caplog):
    result = load_encoder(str(tmp_path / "no-such-model"))
    assert isinstance(result, SemanticUnavailable)
    assert not result.deliberate
    assert "not a directory" in result.reason
    assert len(warnings_from(caplog)) == 1


def test_a_folder_without_a_tokenizer_names_the_missing_file(model_dir, caplog):
    (model_dir / "tokenizer.json").unlink()
    result = load_encoder(str(model_dir))
    assert isinstance(result, SemanticUnavailable)
    assert "tokenizer.json" in result.reason
    assert len(warnings_from(caplog)) == 1


def test_a_broken_onnx_file_degrades_instead_of_crashing(model_dir, caplog):
    (model_dir / "model.onnx").write_bytes(b"this is not an onnx graph")
    result = load_encoder(str(model_dir))
    assert isinstance(result, SemanticUnavailable)
    assert len(warnings_from(caplog)) == 1


def test_off_is_lexical_only_without_a_warning(caplog):
    result = load_encoder("off")
    assert isinstance(result, SemanticUnavailable)
    assert result.deliberate
    assert warnings_from(caplog) == []


@pytest.mark.skipif(importlib.util.find_spec("fastembed") is not None, reason="fastembed is installed here")
def test_a_fastembed_model_without_the_extra_says_how_to_install_it(caplog):
    result = load_encoder("fastembed:BAAI/bge-small-en-v1.5")
    assert isinstance(result, SemanticUnavailable)
    assert "insights-bot[fastembed]" in result.reason
    assert len(warnings_from(caplog)) == 1


def test_a_local_model_folder_loads_and_embeds_like_the_packaged_model(model_dir, minilm):
    local = load_encoder(str(model_dir), threads=1)
    assert isinstance(local, OnnxEncoder)
    assert local.model_id != minilm.model_id
    text = "storing refresh tokens in an http-only cookie"
    assert np.allclose(local.embed_query(text), minilm.embed_query(text), atol=1e-4)


def test_replacing_a_local_model_changes_its_id_so_old_vectors_are_not_reused(model_dir):
    before = load_encoder(str(model_dir), threads=1)
    tokenizer = model_dir / "tokenizer.json"
    tokenizer.write_text(tokenizer.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after = load_encoder(str(model_dir), threads=1)
    assert isinstance(before, OnnxEncoder)
    assert isinstance(after, OnnxEncoder)
    assert before.model_id != after.model_id
