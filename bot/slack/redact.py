"""Keep Slack credentials out of every log line, at every level, whichever library writes it.

Credentials here are tokens (`xoxb-`, `xoxp-`, `xapp-`...), the signing secret and any other known secret, and
`response_url`s and incoming-webhook URLs (`https://hooks.slack.com/...`): anyone holding one can post as the
bot for 30 minutes. slack_sdk's `WebhookClient` logs the full URL it posts to at DEBUG, so every URL in its
records is masked whatever its host.

`install_log_redaction` is the one call for start-up. It wraps the log record factory rather than adding a
handler filter: a record is cleaned when it is created, so the cleaning holds for every logger (slack_sdk,
slack_bolt, urllib3, httpx, uvicorn, ours), for handlers configured later (uvicorn installs its own, not
propagating to the root) and for tracebacks attached to the record.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

TOKEN_SHAPE = re.compile(r"xox[abposre]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+")
SLACK_HOOK_URL = re.compile(
    r"https?://hooks\.slack(?:-gov)?\.com/[^\s\"'<>]*|https?%3A%2F%2Fhooks\.slack(?:-gov)?\.com%2F[^\s\"'&<>]*",
    re.IGNORECASE,
)
KEYED_SECRET = re.compile(
    r"""(["']?\b(?:response_url|token)["']?\s*[:=]\s*["']?)([^\s"'&,}%][^\s"'&,}]*)""", re.IGNORECASE
)
ANY_URL = re.compile(r"https?://[^\s\"'<>,]+", re.IGNORECASE)
WEBHOOK_LOGGERS = ("slack_sdk.webhook", "slack_bolt.context.respond")
MASK = "[redacted]"
_TRACEBACKS = logging.Formatter()


class RedactSecrets(logging.Filter):
    """Replaces anything shaped like a Slack token or hook URL, and each known secret, in a record."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets: list[str] = []
        self.add(secrets)

    def add(self, secrets: Iterable[str]) -> None:
        """Learn more secrets; loggers that copied this filter (Bolt's per-listener loggers) learn them too."""
        known = set(self._secrets) | {s for s in secrets if s and len(s) >= 6}
        self._secrets = sorted(known, key=len, reverse=True)

    def clean(self, text: str, logger_name: str = "") -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        text = SLACK_HOOK_URL.sub(MASK, TOKEN_SHAPE.sub(MASK, text))
        text = KEYED_SECRET.sub(lambda match: match.group(1) + MASK, text)
        if logger_name.startswith(WEBHOOK_LOGGERS):
            text = ANY_URL.sub(MASK, text)
        return text

    def scrub(self, record: logging.LogRecord) -> None:
        """Clean the record in place; arguments keep their places so formatters that read them still work."""
        name = record.name or ""
        before = (record.msg, record.args)
        if isinstance(record.args, tuple):
            record.args = tuple(self._value(arg, name) for arg in record.args)
        elif isinstance(record.args, Mapping):
            record.args = {key: self._value(value, name) for key, value in record.args.items()}
        record.msg = self._value(record.msg, name)
        if record.args:
            try:
                record.getMessage()
            except Exception:  # cleaning broke a %-placeholder: keep the whole line, cleaned, instead
                record.msg, record.args = before
                record.msg, record.args = self.clean(_whole(record), name), None
        if record.exc_info and not record.exc_text:
            text = _TRACEBACKS.formatException(record.exc_info)
            cleaned = self.clean(text, name)
            if cleaned != text:
                record.exc_text = cleaned
        if record.stack_info:
            record.stack_info = self.clean(record.stack_info, name)

    def _value(self, value: Any, name: str) -> Any:
        if isinstance(value, str):
            return self.clean(value, name)
        if isinstance(value, int | float | bool) or value is None:
            return value
        shown = str(value)
        cleaned = self.clean(shown, name)
        return value if cleaned == shown else cleaned

    def filter(self, record: logging.LogRecord) -> bool:
        self.scrub(record)
        return True


def _whole(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:
        return f"{record.msg} {record.args!r}"


_installed: RedactSecrets | None = None


def install_log_redaction(secrets: Iterable[str] = ()) -> Callable[[], None]:
    """Clean every log record the process creates from now on; call once at start-up with the known secrets.

    Calling it again only teaches it more secrets. Returns an undo, for tests.
    """
    global _installed
    if _installed is not None:
        _installed.add(secrets)
        return lambda: None
    redactor = RedactSecrets(secrets)
    base = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
        try:
            redactor.scrub(record)
        except Exception:  # never let logging fail, and never let an uncleaned line through
            record.msg, record.args = "[log line withheld]", None
            record.exc_info, record.exc_text = None, None
        return record

    logging.setLogRecordFactory(factory)
    _installed = redactor

    def undo() -> None:
        global _installed
        if logging.getLogRecordFactory() is factory:
            logging.setLogRecordFactory(base)
        _installed = None

    return undo


def redacting_logger(name: str, secrets: Iterable[str]) -> logging.Logger:
    """The named logger with one `RedactSecrets` filter that knows `secrets` (and any it knew before)."""
    logger = logging.getLogger(name)
    existing = next((f for f in logger.filters if isinstance(f, RedactSecrets)), None)
    if existing is None:
        logger.addFilter(RedactSecrets(secrets))
    else:
        existing.add(secrets)
    return logger
