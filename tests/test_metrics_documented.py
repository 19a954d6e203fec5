"""Every metric the bot exposes is named in docs/operations.md, so an operator can find what it means."""

from __future__ import annotations

from pathlib import Path

from bot.metrics import Metrics
from bot.slack.workers import Workers

DOCS = (Path(__file__).resolve().parents[1] / "docs" / "operations.md").read_text(encoding="utf-8")


def exposed_names() -> list[str]:
    metrics = Metrics()
    workers = Workers(max_workers=1)
    metrics.gauge("insights_worker_tasks", "Listener tasks running or queued.", lambda: workers.pending)
    workers.shutdown()
    names = []
    for family in metrics.registry.collect():
        names.append(f"{family.name}_total" if family.type == "counter" else family.name)
    return names


def test_every_metric_is_documented() -> None:
    missing = [name for name in exposed_names() if f"`{name}`" not in DOCS]
    assert missing == []


def test_two_bots_in_one_process_do_not_share_counters() -> None:
    first, second = Metrics(), Metrics()
    first.answered("answer")
    assert first.answers.labels("answer")._value.get() == 1
    assert second.answers.labels("answer")._value.get() == 0
