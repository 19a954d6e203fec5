"""What a user sees when something went wrong: one clear sentence, never a traceback or an internal name."""

from __future__ import annotations

from typing import Any

from bot.core.blocks.text import escape, mrkdwn

SORRY = "Something went wrong on my side; please try again in a moment."


def error_message(text: str = SORRY) -> dict[str, Any]:
    """An ephemeral notice; `text` is ours (plain), escaped here in case it quotes user input."""
    safe = escape(text)
    return {
        "response_type": "ephemeral",
        "replace_original": False,
        "text": safe,
        "blocks": [{"type": "section", "text": mrkdwn(f":warning: {safe}")}],
    }


def usage_message(text: str) -> dict[str, Any]:
    """A gentle correction for an incomplete command; backticks in `text` stay as code formatting."""
    safe = escape(text)
    return {"response_type": "ephemeral", "text": safe, "blocks": [{"type": "section", "text": mrkdwn(safe)}]}
