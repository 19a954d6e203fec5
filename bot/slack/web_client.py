"""The Web API client every part of the bot uses: Slack's base URL from settings, and retries built in.

slack_sdk's default client retries one connection error and nothing else; a bot posting digests and answers
needs to ride out 429s (honouring `Retry-After`) and Slack's occasional 5xx the same way everywhere.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryHandler, RetryState
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


ErrorObserver = Callable[[str], None]


class ObserveFailures(RetryHandler):
    """Never retries: slack_sdk shows every answer to its handlers in turn, so the first one sees each failed
    attempt (a 429 or 5xx that a later handler retries included) and reports its error code to metrics."""

    def __init__(self, observe: ErrorObserver) -> None:
        super().__init__(max_retry_count=0)
        self._observe = observe

    def __deepcopy__(self, memo: dict[int, object]) -> ObserveFailures:
        """Bolt deep-copies the client for lazy listeners; the copy must report to the same metrics."""
        return self

    def can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        body: Any = response.body if response is not None else None
        if response is not None and response.status_code >= 400:
            self._observe(f"http_{response.status_code}")
        elif isinstance(body, dict) and body.get("ok") is False:
            self._observe(str(body.get("error") or "unknown"))
        elif error is not None:
            self._observe(error.__class__.__name__)
        return False


def retry_handlers(observe: ErrorObserver | None = None) -> list[RetryHandler]:
    """Fresh handlers for each client (they count attempts), shared by the Web API and response_url clients."""
    observers: list[RetryHandler] = [ObserveFailures(observe)] if observe is not None else []
    return [
        *observers,
        ConnectionErrorRetryHandler(max_retry_count=RETRIES),
        RateLimitErrorRetryHandler(max_retry_count=RETRIES),
        ServerErrorRetryHandler(max_retry_count=RETRIES),
    ]


def build_web_client(
    token: str,
    base_url: str,
    *,
    timeout: int = DEFAULT_TIMEOUT_SECONDS,
    logger: logging.Logger | None = None,
    observe: ErrorObserver | None = None,
) -> WebClient:
    """A `WebClient` for `base_url` (SLACK_API_URL) that retries rate limits, server and connection errors."""
    client = WebClient(
        token=token,
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        timeout=timeout,
        logger=logger or redacting_logger("bot.slack.web_api", [token]),
        retry_handlers=retry_handlers(observe),
    )
    return client
