"""App Home: published fresh each time a user opens the Home tab (acked first, built and published lazily)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.listeners.mentions import ack_only
from bot.slack.payloads import text_field
from bot.slack.replies import Replies


def register(app: App, replies: Replies, log: logging.Logger) -> None:
    def publish_home(event: dict[str, Any], client: WebClient) -> None:
        user = text_field(event, "user")
        if text_field(event, "tab") not in {"home", ""} or not user:
            return
        try:
            client.views_publish(user_id=user, view=replies.home())
        except SlackApiError as exc:
            log.error("views.publish for %s failed: %s", user, exc.response.get("error", "unknown_error"))
        except Exception:
            log.exception("building or publishing the App Home failed")

    app.event("app_home_opened")(ack=ack_only, lazy=[publish_home])
