"""Keep tokens and signing secrets out of every log line written by Bolt, slack_sdk and our own code.

Filters sit on the loggers we hand to Bolt and the Web API client, so a record is cleaned when it is created,
whatever handlers the process configures later.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

TOKEN_SHAPE = re.compile(r"xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+")
MASK = "[redacted]"


class RedactSecrets(logging.Filter):
    """Replaces anything shaped like a Slack token, and each known secret, in the rendered message."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets: list[str] = []
        self.add(secrets)

    def add(self, secrets: Iterable[str]) -> None:
        """Learn more secrets; loggers that copied this filter (Bolt's per-listener loggers) learn them too."""
        known = set(self._secrets) | {s for s in secrets if s and len(s) >= 6}
        self._secrets = sorted(known, key=len, reverse=True)

    def clean(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return TOKEN_SHAPE.sub(MASK, text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.clean(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return True


def redacting_logger(name: str, secrets: Iterable[str]) -> logging.Logger:
    """The named logger with one `RedactSecrets` filter that knows `secrets` (and any it knew before)."""
    logger = logging.getLogger(name)
    existing = next((f for f in logger.filters if isinstance(f, RedactSecrets)), None)
    if existing is None:
        logger.addFilter(RedactSecrets(secrets))
    else:
        existing.add(secrets)
    return logger
