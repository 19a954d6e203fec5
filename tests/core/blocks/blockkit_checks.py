"""Assertions shared by Block Kit tests: Slack's own models accept the payload, and no user markup survives."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.core.blocks.text import MAX_BLOCKS_MESSAGE, MAX_BLOCKS_VIEW, MAX_BUTTON_VALUE, MAX_FALLBACK_TEXT

OUR_MARKUP = re.compile(r"<(https?://[^|<>]+\|[^<>]*|@U[A-Z0-9]+)>")
QUOTE = re.compile(r"^> ", re.MULTILINE)
PINGS = ("<!channel", "<!here", "<!everyone", "<!subteam", "<@U123", "<#C1")


def texts(value: Any) -> Iterator[str]:
    """Every string under a `text` key, anywhere in a payload."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                yield item
            else:
                yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


def buttons(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if value.get("type") == "button":
            yield value
        for item in value.values():
            yield from buttons(item)
    elif isinstance(value, list):
        for item in value:
            yield from buttons(item)


def assert_blocks_valid(blocks: list[dict[str, Any]]) -> None:
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None, block
        parsed.validate_json()
    for button in buttons(blocks):
        assert len(button.get("value", "")) <= MAX_BUTTON_VALUE


def assert_no_live_user_markup(payload: Any) -> None:
    """Only markup we write (links, the sharer's mention) may appear; never a ping or a stray `<`."""
    for text in texts(payload):
        stripped = QUOTE.sub("", OUR_MARKUP.sub("", text))
        assert "<" not in stripped, text
        assert ">" not in stripped, text
        for ping in PINGS:
            assert ping not in text, text


def assert_valid_message(message: dict[str, Any]) -> None:
    blocks = message.get("blocks", [])
    assert 0 < len(blocks) <= MAX_BLOCKS_MESSAGE
    assert message.get("text")
    assert len(message["text"]) <= MAX_FALLBACK_TEXT
    assert_blocks_valid(blocks)
    assert_no_live_user_markup(message)


def assert_valid_home(view: dict[str, Any]) -> None:
    View(**view).validate_json()
    assert_blocks_valid(view["blocks"])
    assert_no_live_user_markup(view)


def assert_valid_view(view: dict[str, Any]) -> None:
    """A modal slack_sdk accepts, within the view's block limit, with no live user markup."""
    View(**view).validate_json()
    assert 0 < len(view["blocks"]) <= MAX_BLOCKS_VIEW
    assert_blocks_valid(view["blocks"])
    assert_no_live_user_markup(view)
