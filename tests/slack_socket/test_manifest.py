"""The manifest a team pastes into Slack: what it must declare, in both modes, and that the shipped file is current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.slack.manifest import ManifestError, build_manifest, manifest_yaml

SHIPPED = Path(__file__).resolve().parents[2] / "manifest.yml"


def test_shipped_manifest_yml_is_what_the_builder_produces():
    assert SHIPPED.read_text(encoding="utf-8") == manifest_yaml()


def test_shipped_manifest_is_socket_mode_without_request_urls():
    manifest = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in manifest["settings"]["event_subscriptions"]
    assert "request_url" not in manifest["settings"]["interactivity"]
    assert "url" not in manifest["features"]["slash_commands"][0]


def test_display_name_meets_the_schema_length():
    name = build_manifest()["display_information"]["name"]
    assert 1 <= len(name) <= 35


def test_slash_command_meets_the_schema():
    [command] = build_manifest()["features"]["slash_commands"]
    assert re.fullmatch(r"/\S{1,31}", command["command"])
    assert command["command"] == "/insights"
    assert 0 < len(command["description"]) <= 2000
    assert len(command["usage_hint"]) <= 1000
    assert command["should_escape"] is False


def test_events_cover_mentions_direct_messages_and_app_home():
    events = build_manifest()["settings"]["event_subscriptions"]["bot_events"]
    assert set(events) == {"app_mention", "message.im", "app_home_opened"}


def test_bot_scopes_cover_every_event_and_reply():
    scopes = set(build_manifest()["oauth_config"]["scopes"]["bot"])
    assert {"commands", "app_mentions:read", "chat:write", "im:history", "im:read", "im:write"} <= scopes


def test_digest_scopes_let_the_bot_check_membership_and_find_its_own_posts():
    scopes = set(build_manifest()["oauth_config"]["scopes"]["bot"])
    assert {"channels:read", "groups:read", "channels:history", "groups:history"} <= scopes


def test_home_tab_and_interactivity_are_enabled():
    manifest = build_manifest()
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True


def test_http_mode_points_every_request_url_at_slack_events():
    manifest = build_manifest("https://bot.example.com")
    endpoint = "https://bot.example.com/slack/events"
    assert manifest["settings"]["socket_mode_enabled"] is False
    assert manifest["settings"]["event_subscriptions"]["request_url"] == endpoint
    assert manifest["settings"]["interactivity"]["request_url"] == endpoint
    assert manifest["features"]["slash_commands"][0]["url"] == endpoint


def test_http_mode_keeps_an_explicit_path():
    manifest = build_manifest("https://example.com/bots/insights/slack/events")
    assert (
        manifest["settings"]["interactivity"]["request_url"]
        == "https://example.com/bots/insights/slack/events"
    )


@pytest.mark.parametrize("url", ["http://bot.example.com", "bot.example.com", "https://", "ftp://x"])
def test_http_mode_refuses_urls_slack_cannot_call(url):
    with pytest.raises(ManifestError, match="https"):
        build_manifest(url)


def test_yaml_output_parses_back_to_the_same_manifest():
    assert yaml.safe_load(manifest_yaml("https://bot.example.com")) == build_manifest(
        "https://bot.example.com"
    )
