"""The Slack app manifest: everything a team pastes into "Create New App > From a manifest".

One pure function builds it for both ways of running. Socket Mode (the default, and `manifest.yml` at the top
of the repository) needs no public URL; HTTP mode (`insights-bot manifest --url https://bot.example.com`) points
the slash command, the Events API and interactivity at the single `/slack/events` endpoint of `serve`.
The events and scopes here must match the listeners in `bot/slack/`: each event needs a listener, each
listener's Web API calls need their scope.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml

from bot.errors import ManifestError

APP_NAME = "Insights"
COMMAND = "/insights"
EVENTS_PATH = "/slack/events"
BOT_SCOPES = (
    "commands",
    "app_mentions:read",
    "chat:write",
    "im:history",
    "im:read",
    "im:write",
    "channels:read",
    "groups:read",
    "channels:history",
    "groups:history",
)
BOT_EVENTS = ("app_mention", "message.im", "app_home_opened")


def request_url(url: str) -> str:
    """Slack only calls https URLs; a bare host gets the bot's one endpoint, `/slack/events`, appended."""
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or not parts.netloc:
        raise ManifestError(f"--url must be a public https URL such as https://bot.example.com, not {url!r}")
    path = parts.path if parts.path not in ("", "/") else EVENTS_PATH
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


DISPLAY_INFORMATION = {
    "name": APP_NAME,
    "description": "Your team's articles, findable where the team talks",
    "long_description": (
        "Insights keeps a team's knowledge articles findable in Slack. Use /insights to list a "
        "category or search, mention @insights with a question to get the passages that answer it "
        "in a thread, send it a direct message, and subscribe channels to a weekly digest of new "
        "articles per category. Articles live as Markdown files in the team's repository."
    ),
    "background_color": "#2c3e50",
}
APP_HOME = {"home_tab_enabled": True, "messages_tab_enabled": True, "messages_tab_read_only_enabled": False}


def build_manifest(url: str | None = None) -> dict[str, Any]:
    """The manifest as a dict: Socket Mode when `url` is None, else HTTP mode with every request URL set."""
    endpoint = request_url(url) if url is not None else None
    command: dict[str, Any] = {
        "command": COMMAND,
        "description": "Find team articles: list a category, search, or ask",
        "usage_hint": "[help | categories | latest | <category> | <words to search>]",
        "should_escape": False,
    }
    events: dict[str, Any] = {"bot_events": list(BOT_EVENTS)}
    interactivity: dict[str, Any] = {"is_enabled": True}
    if endpoint is not None:
        command["url"] = endpoint
        events = {"request_url": endpoint, **events}
        interactivity["request_url"] = endpoint
    return {
        "display_information": dict(DISPLAY_INFORMATION),
        "features": {
            "app_home": dict(APP_HOME),
            "bot_user": {"display_name": "insights", "always_online": True},
            "slash_commands": [command],
        },
        "oauth_config": {"scopes": {"bot": list(BOT_SCOPES)}},
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": endpoint is None,
            "token_rotation_enabled": False,
        },
    }


def manifest_yaml(url: str | None = None) -> str:
    """The manifest as YAML, in the order Slack's own editor shows it."""
    header = "# Slack app manifest for Insights bot: api.slack.com/apps > Create New App > From a manifest.\n"
    header += (
        "# Socket Mode (no public URL). For HTTP mode: insights-bot manifest --url https://your.host\n"
        if url is None
        else "# HTTP mode: Slack sends commands, events and button clicks to the URL below.\n"
    )
    return header + yaml.safe_dump(build_manifest(url), sort_keys=False, allow_unicode=True, width=100)
