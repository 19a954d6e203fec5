"""The application layer: what the bot says to each request, free of Slack, shared by every surface."""

from bot.assistant.assistant import Assistant
from bot.assistant.newest import NewestFirst, newest_first
from bot.assistant.pages import find
from bot.assistant.ports import AssistantStore, CatalogSource, SubscriptionsHandler

__all__ = [
    "Assistant",
    "AssistantStore",
    "CatalogSource",
    "NewestFirst",
    "SubscriptionsHandler",
    "find",
    "newest_first",
]
