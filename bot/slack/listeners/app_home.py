"""App Home: published when a user opens the Home tab (acked first, built and published lazily).

`app_home_opened` fires on every visit and `views.publish` is rate-limited per workspace, so a user who already
has the Home for the current catalog version, published recently, is not sent it again.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.assistant import Assistant
from bot.slack.listeners.acks import ack_only
from bot.slack.payloads import text_field
from bot.slack.web_client import error_code

FRESH_FOR = dt.timedelta(minutes=5)
MAX_REMEMBERED_USERS = 10_000


class RecentlyPublished:
    """Which user got which catalog version when; forgets everyone when it grows too large."""

    def __init__(self, fresh_for: dt.timedelta = FRESH_FOR) -> None:
        self._fresh_for = fresh_for
        self._published: dict[str, tuple[int, dt.datetime]] = {}
        self._lock = threading.Lock()

    def is_fresh(self, user: str, version: int, now: dt.datetime) -> bool:
        with self._lock:
            seen = self._published.get(user)
        return seen is not None and seen[0] == version and now - seen[1] < self._fresh_for

    def remember(self, user: str, version: int, now: dt.datetime) -> None:
        with self._lock:
            if len(self._published) >= MAX_REMEMBERED_USERS:
                self._published.clear()
            self._published[user] = (version, now)


def register(
    app: App,
    assistant: Assistant,
    log: logging.Logger,
    *,
    version: Callable[[], int],
    clock: Callable[[], dt.datetime],
) -> None:
    recent = RecentlyPublished()

    def publish_home(event: dict[str, Any], client: WebClient) -> None:
        user = text_field(event, "user")
        if text_field(event, "tab") not in {"home", ""} or not user:
            return
        current, now = version(), clock()
        if recent.is_fresh(user, current, now):
            return
        try:
            client.views_publish(user_id=user, view=assistant.home())
        except SlackApiError as exc:
            log.error("views.publish for %s failed: %s", user, error_code(exc))
            return
        except Exception:
            log.exception("building or publishing the App Home failed")
            return
        recent.remember(user, current, now)

    app.event("app_home_opened")(ack=ack_only, lazy=[publish_home])
