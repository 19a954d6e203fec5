"""The bot without a Slack account: typed lines in, what Slack would show out."""

from bot.shell.render import Button, Rendered, Style, render_blocks, render_message, render_mrkdwn
from bot.shell.repl import format_shown, run_loop, terminal_lines
from bot.shell.session import ShellSession, Shown

__all__ = [
    "Button",
    "Rendered",
    "ShellSession",
    "Shown",
    "Style",
    "format_shown",
    "render_blocks",
    "render_message",
    "render_mrkdwn",
    "run_loop",
    "terminal_lines",
]
