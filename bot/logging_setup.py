"""Where log lines go and in which shape: text for people, or one JSON object per line for a log pipeline.

`LOG_FORMAT=json` writes `time`, `level`, `logger`, `message`, any request fields a line carries (`request_id`,
`surface`, `status`, `outcome`, `latency_ms`) and `exception` for a traceback. Secrets are removed before any
formatter sees a record (`bot.slack.redact`), so both formats are equally safe.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import TextIO

REQUEST_FIELDS = ("request_id", "surface", "status", "outcome", "latency_ms")
TEXT_FORMAT = "%(levelname)s %(message)s"


class JsonLines(logging.Formatter):
    """One JSON object per record; never a line break inside one, so each line parses on its own."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in REQUEST_FIELDS:
            if name in record.__dict__:
                data[name] = record.__dict__[name]
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str, ensure_ascii=False)


def configure_logging(level: str | int, log_format: str, stream: TextIO | None = None) -> None:
    """Replace the root logger's handlers with one writing `log_format` ("text" or "json") to `stream`."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
