"""Analytics: what people ask and how the catalog answered, recorded in the background, and the reports on it.

`Recorder` is what the assistant calls; `gaps`, `articles` and `usage` read the store for the CLI, the HTML page
and `/insights report`.
"""

from bot.analytics.privacy import UserKeys, normalise
from bot.analytics.recorder import Recorder

__all__ = ["Recorder", "UserKeys", "normalise"]
