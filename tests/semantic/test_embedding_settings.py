"""The EMBEDDING_* settings an operator writes reach the loader as they meant them."""

from __future__ import annotations

import pytest

from bot.settings import SettingsError, load_settings


def test_the_packaged_model_on_two_threads_is_the_default(monkeypatch):
    monkeypatch.delenv("EMBEDDING_MODEL", raising=False)
    monkeypatch.delenv("EMBEDDING_THREADS", raising=False)
    settings = load_settings(_env_file=None)
    assert (settings.embedding_model, settings.embedding_threads) == ("minilm-int8", 2)


def test_a_blank_model_setting_means_the_default_not_a_folder(monkeypatch):
    monkeypatch.setenv("EMBEDDING_MODEL", "  ")
    assert load_settings(_env_file=None).embedding_model == "minilm-int8"


def test_zero_threads_is_refused_with_the_variable_named(monkeypatch):
    monkeypatch.setenv("EMBEDDING_THREADS", "0")
    with pytest.raises(SettingsError, match=r"^EMBEDDING_THREADS: "):
        load_settings(_env_file=None)
