"""The article catalog: value types, parsing and validation."""

from bot.core.catalog.assemble import assemble
from bot.core.catalog.categories import CATEGORIES_FILE, CategoriesFile, parse_categories
from bot.core.catalog.loader import (
    article_files,
    article_from,
    categories_from,
    discover,
    load_article,
    load_catalog,
    load_categories,
    read_bytes,
)
from bot.core.catalog.model import Article, Catalog, Category, Problem
from bot.core.catalog.parse import ParsedArticle, parse_article, slug_for

__all__ = [
    "CATEGORIES_FILE",
    "Article",
    "Catalog",
    "CategoriesFile",
    "Category",
    "ParsedArticle",
    "Problem",
    "article_files",
    "article_from",
    "assemble",
    "categories_from",
    "discover",
    "load_article",
    "load_catalog",
    "load_categories",
    "parse_article",
    "parse_categories",
    "read_bytes",
    "slug_for",
]
