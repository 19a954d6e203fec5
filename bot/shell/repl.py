"""The read-print loop around a `ShellSession`: a prompt with history on a terminal, plain lines in a pipe.

Piped input (`printf '/insights security\n' | insights-bot shell`) is read line by line and each line is
echoed before its answer, so a transcript reads like a conversation and can be diffed in scripts.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol, TextIO

from bot.shell.render import Style
from bot.shell.session import Shown

QUIT = {":quit", ":q", ":exit", "exit", "quit"}
PROMPT = "you> "


class Handler(Protocol):
    """What the loop drives: a `ShellSession`, or anything with the same shape."""

    def handle(self, line: str) -> list[Shown]: ...


def format_shown(shown: Iterable[Shown], style: Style) -> str:
    """Each message under a dim label saying where it appeared, separated by blank lines."""
    blocks = [f"{style.dim('[' + item.where + ']')}\n{item.text}" for item in shown]
    return "\n\n".join(blocks)


def run_loop(session: Handler, lines: Iterable[str], output: TextIO, style: Style, *, echo: bool) -> int:
    """Handle each line until the input ends or the user quits; returns how many lines were handled."""
    handled = 0
    for raw in lines:
        line = raw.rstrip("\r\n")
        if line.strip().lower() in QUIT:
            break
        if echo and line.strip():
            output.write(f"{style.bold(PROMPT)}{line}\n")
        shown = session.handle(line)
        if shown:
            output.write(format_shown(shown, style) + "\n\n")
            output.flush()
        handled += 1
    return handled


def terminal_lines(history_file: Path | None) -> Iterator[str]:
    """Prompted lines with readline editing and history (kept in `history_file` when one is given)."""
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows without pyreadline
        readline = None  # type: ignore[assignment]  # a module or nothing, where the platform lacks it
    if readline is not None and history_file is not None:
        with contextlib.suppress(OSError):
            readline.read_history_file(history_file)
    try:
        while True:
            try:
                yield input(PROMPT)
            except EOFError:
                return
            except KeyboardInterrupt:
                print()
                continue
    finally:
        if readline is not None and history_file is not None:
            with contextlib.suppress(OSError):
                history_file.parent.mkdir(parents=True, exist_ok=True)
                readline.set_history_length(1000)
                readline.write_history_file(history_file)
