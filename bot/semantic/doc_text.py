"""The one place that decides what text of an article is embedded, so cache keys and vectors agree."""

from __future__ import annotations

from bot.core.catalog.model import Article


def document_text(article: Article) -> str:
    """Title, summary, then any `questions:` the article declares, then the body.

    The encoder keeps only the first 256 tokens, so the order is the priority: the fields that say what the
    article is about come before the body, which is cut when long. `questions` is read if the article type has
    it (a planned front-matter field), so adding the field changes the text, and therefore the cache keys,
    without an edit here.
    """
    questions: tuple[str, ...] = tuple(getattr(article, "questions", ()) or ())
    parts = (article.title, article.summary, *questions, article.body)
    return "\n".join(part.strip() for part in parts if part and part.strip())
