"""The real `insights-bot` process: exit codes through the console entry point, and the interactive prompt."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

ENTRY = [sys.executable, "-c", "from bot.cli.main import main; main()"]


def run_bot(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ENTRY, *args], input=stdin, capture_output=True, text=True, timeout=60, check=False
    )


def test_empty_query_is_exit_2_without_traceback(catalog_dir: Path) -> None:
    result = run_bot("--content-dir", str(catalog_dir), "search", " ")

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Type a few words" in result.stderr


def test_check_with_problems_is_exit_1(catalog_dir: Path) -> None:
    (catalog_dir / "security" / "empty.md").write_text("", encoding="utf-8")

    result = run_bot("check", str(catalog_dir))

    assert result.returncode == 1
    assert result.stdout.endswith(
        "empty.md:1: empty file: expected front matter between two '---' lines, then the article text\n"
    )


def _read_until(fd: int, marker: bytes, deadline: float) -> bytes:
    seen = b""
    while marker not in seen:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"no {marker!r} in {seen!r}")
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")
def test_terminal_without_query_opens_a_search_prompt(catalog_dir: Path) -> None:
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [*ENTRY, "--content-dir", str(catalog_dir), "search"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        close_fds=True,
    )
    os.close(terminal)
    deadline = time.monotonic() + 30
    try:
        _read_until(controller, b"search> ", deadline)
        os.write(controller, b"stripe webhooks\n")
        answer = _read_until(controller, b"search> ", deadline)
        os.write(controller, b"quit\n")
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
        os.close(controller)
    assert b"Building Subscription Payments" in answer
