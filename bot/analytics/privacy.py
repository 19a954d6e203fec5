"""How a Slack user ID is kept: an HMAC by default, so reports count distinct people without naming them."""

from __future__ import annotations

import hashlib
import hmac
import re

DEFAULT_SALT = "insights-bot analytics"
MAX_TEXT = 500
_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")


class UserKeys:
    """`key(user_id)`: the stored form of a user ID; raw only when the team chose to keep IDs to follow up."""

    def __init__(self, *, keep_raw: bool = False, salt: str | None = None) -> None:
        self.keep_raw = keep_raw
        self._salt = (salt or DEFAULT_SALT).encode()

    def key(self, user_id: str | None) -> str | None:
        if not user_id:
            return None
        if self.keep_raw:
            return user_id[:64]
        return hmac.new(self._salt, user_id.encode(), hashlib.sha256).hexdigest()


def normalise(text: str) -> str:
    """Lower case, one space between words, no punctuation at the ends: "How do I X?" and "how do i x" agree."""
    collapsed = _SPACES.sub(" ", text.casefold()).strip()
    return _EDGE_PUNCTUATION.sub("", collapsed)[:MAX_TEXT]
