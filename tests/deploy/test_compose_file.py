"""compose.yaml is valid for docker-compose and describes the shape docs/operations.md promises."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = shutil.which("docker-compose")

pytestmark = [
    pytest.mark.deploy,
    pytest.mark.skipif(
        COMPOSE is None, reason="docker-compose is not installed (CI installs the Debian package)"
    ),
]


@pytest.fixture(scope="module")
def resolved(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """`docker-compose config` on a copy, with `.env` made from `.env.example` as the docs say to."""
    folder = tmp_path_factory.mktemp("compose")
    shutil.copy(ROOT / "compose.yaml", folder / "compose.yaml")
    shutil.copy(ROOT / ".env.example", folder / ".env")
    result = subprocess.run(
        [str(COMPOSE), "-f", "compose.yaml", "config"], cwd=folder, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_two_serving_replicas_one_scheduler_and_postgresql(resolved: dict) -> None:
    services = resolved["services"]
    commands = sorted(" ".join(s.get("command") or []) for s in services.values() if "build" in s)
    assert commands == ["insights-bot scheduler", "insights-bot serve", "insights-bot serve"]
    assert services["postgres"]["image"].startswith("postgres:")


def test_every_bot_process_uses_postgresql_and_its_own_data_volume(resolved: dict) -> None:
    bots = [s for s in resolved["services"].values() if "build" in s]
    assert {s["environment"]["DATABASE_URL"].split("@")[1] for s in bots} == {"postgres:5432/insights"}
    data_volumes = [v.split(":")[0] for s in bots for v in s["volumes"] if v.split(":")[1] == "/data"]
    assert len(set(data_volumes)) == len(bots), "replicas must not share a vector cache being written"


def test_compose_sets_only_settings_the_bot_has(resolved: dict) -> None:
    known = {name.upper() for name in Settings.model_fields}
    for service in (s for s in resolved["services"].values() if "build" in s):
        assert set(service["environment"]) <= known


def test_the_proxy_config_is_mounted_and_exists(resolved: dict) -> None:
    mounts = resolved["services"]["proxy"]["volumes"]
    assert any(m.split(":")[1] == "/etc/nginx/nginx.conf" for m in mounts)
    assert (ROOT / "deploy" / "nginx.conf").is_file()
