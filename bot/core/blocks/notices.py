"""Short notices: "something went wrong on my side" and gentle corrections of what was typed.

One clear sentence each, never a traceback or an internal name.
"""

from __future__ import annotations

from typing import Any

from bot.core.blocks.text import escape, mrkdwn

SORRY = "Something went wrong on my side; please try again in a moment."


def trouble(text: str = SORRY) -> dict[str, Any]:
    """An ephemeral warning; `text` is ours (plain), escaped here in case it quotes user input."""
    safe = escape(text)
    return {
        "response_type": "ephemeral",
        "replace_original": False,
        "text": safe,
        "blocks": [{"type": "section", "text": mrkdwn(f":warning: {safe}")}],
    }


def hint(text: str) -> dict[str, Any]:
    """A gentle correction for an incomplete command; backticks in `text` stay as code formatting."""
    safe = escape(text)
    return {"response_type": "ephemeral", "text": safe, "blocks": [{"type": "section", "text": mrkdwn(safe)}]}
