"""Insights bot: a team's Markdown articles, findable where the team talks."""

__version__ = "0.1.0"
