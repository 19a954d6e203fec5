"""An owner adds a question to an article's front matter; after a hot reload that question is answered."""

from __future__ import annotations

from pathlib import Path

from bot.core.search import SearchIndex
from bot.live_catalog import LiveCatalog

QUESTION = "who approves emergency vendor invoices"
ARTICLE = "security/securing-user-sessions.md"


def test_a_question_added_on_disk_is_answered_after_reload(catalog_dir: Path) -> None:
    live = LiveCatalog(catalog_dir)
    before = SearchIndex.build(live.current.catalog).search(QUESTION)
    assert before.confidence != "answer"

    path = catalog_dir / ARTICLE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", f"---\nquestions:\n  - {QUESTION.capitalize()}?\n", 1), "utf-8")
    snapshot = live.reload()
    after = SearchIndex.build(snapshot.catalog).search(QUESTION)

    assert snapshot.catalog.by_slug("securing-user-sessions").questions == (f"{QUESTION.capitalize()}?",)
    assert after.confidence == "answer"
    assert after.results[0].article.slug == "securing-user-sessions"
    assert live.current.index.search(QUESTION).results[0].article.slug == "securing-user-sessions"
