"""The Web API client every part of the bot uses: Slack's base URL from settings, and retries built in.

slack_sdk's default client retries one connection error and nothing else; a bot posting digests and answers
needs to ride out 429s (honouring `Retry-After`) and Slack's occasional 5xx the same way everywhere.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.slack.redact import redacting_logger

DEFAULT_TIMEOUT_SECONDS = 10
RETRIES = 2


def error_code(exc: SlackApiError) -> str:
    """Slack's error code (`not_in_channel`, `ratelimited`...), or `http_<status>` when the answer carried none
    (a proxy's 5xx page), so every caller logs and compares failures the same way.
    """
    response = exc.response
    error = response.get("error") if response is not None else None
    return str(error or f"http_{getattr(response, 'status_code', 'error')}")


def retry_handlers() -> list[RetryHandler]:
    """Fresh handlers for each client (they count attempts), shared by the Web API and response_url clients."""
    return [
        ConnectionErrorRetryHandler(max_retry_count=RETRIES),
        RateLimitErrorRetryHandler(max_retry_count=RETRIES),
        ServerErrorRetryHandler(max_retry_count=RETRIES),
    ]


def build_web_client(
    token: str, base_url: str, *, timeout: int = DEFAULT_TIMEOUT_SECONDS, logger: logging.Logger | None = None
) -> WebClient:
    """A `WebClient` for `base_url` (SLACK_API_URL) that retries rate limits, server and connection errors."""
    client = WebClient(
        token=token,
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        timeout=timeout,
        logger=logger or redacting_logger("bot.slack.web_api", [token]),
        retry_handlers=retry_handlers(),
    )
    return client
