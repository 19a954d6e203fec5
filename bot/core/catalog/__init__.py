"""The article catalog: value types, parsing and validation."""

from bot.core.catalog.loader import load_catalog
from bot.core.catalog.model import Article, Catalog, Category, Problem

__all__ = ["Article", "Catalog", "Category", "Problem", "load_catalog"]
