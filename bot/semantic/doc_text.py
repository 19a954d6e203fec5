"""The one place that decides what text of an article is embedded, so cache keys and vectors agree."""

from __future__ import annotations

from bot.core.catalog.model import Article


def document_text(article: Article) -> str:
    """Title, summary, any `questions:` the article declares, its tags, then the body.

    The encoder keeps only the first 256 tokens, so the order is the priority: the fields that say what the
    article is about come before the body, which is cut when long. Any change to these fields changes the
    text, and so the cache key: the article is embedded again.
    """
    parts = (article.title, article.summary, *article.questions, tag_text(article), article.body)
    return "\n".join(part.strip() for part in parts if part and part.strip())


def tag_text(article: Article) -> str:
    """Tags as words (`two-factor-authentication` -> `two factor authentication`): the model reads words,
    and a list of an article's topics is the short text a one-line question most often paraphrases."""
    return ", ".join(tag.replace("-", " ").replace("_", " ") for tag in article.tags)
