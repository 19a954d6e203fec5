"""`insights-bot serve` (and `scheduler`) as real processes, for tests that need signals, file limits or kills."""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.slack import slack_payloads as p

CLI = Path(sys.executable).parent / "insights-bot"
SHIPPED_CONTENT = Path(__file__).resolve().parents[2] / "content"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bot_env(api_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    """Everything from the environment except the bot's settings, then a workspace on the fake Slack."""
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR", "PYTHONPATH"}}
    env.update(
        CONTENT_DIR=str(SHIPPED_CONTENT),
        DATA_DIR=str(data_dir),
        SLACK_BOT_TOKEN=p.BOT_TOKEN,
        SLACK_SIGNING_SECRET=p.SIGNING_SECRET,
        SLACK_API_URL=api_url,
        EMBEDDING_MODEL="off",
        LOG_LEVEL="INFO",
    )
    env.update(extra)
    return env


@dataclass
class Running:
    """A started process with its log file; `stop()` ends it (SIGTERM, then SIGKILL after `grace`)."""

    process: subprocess.Popen[bytes]
    log_path: Path
    url: str = ""
    port: int = 0
    env: dict[str, str] = field(default_factory=dict)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def signal(self, sig: int) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)

    def stop(self, grace: float = 30.0) -> int:
        self.signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(timeout=10)


def start(
    args: list[str], env: dict[str, str], workdir: Path, name: str, *, nofile: int | None = None
) -> Running:
    """Run `insights-bot args` in `workdir` (so no `.env` of the checkout is read), logging to a file there."""
    log_path = workdir / f"{name}.log"
    limit: Callable[[], None] | None = None
    if nofile is not None:
        _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)

        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, hard))

    with log_path.open("wb") as out:
        process = subprocess.Popen(
            [str(CLI), *args], env=env, cwd=workdir, stdout=out, stderr=subprocess.STDOUT, preexec_fn=limit
        )
    return Running(process, log_path, env=env)


def start_serve(env: dict[str, str], workdir: Path, name: str = "serve", **kw: int) -> Running:
    port = int(env.get("PORT") or free_port())
    running = start(["serve", "--host", "127.0.0.1", "--port", str(port)], env, workdir, name, **kw)
    running.port, running.url = port, f"http://127.0.0.1:{port}"
    wait_until_healthy(running)
    return running


def wait_until_healthy(running: Running, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            raise AssertionError(f"serve exited with {running.process.returncode}:\n{running.log()[-3000:]}")
        try:
            if httpx.get(running.url + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"serve did not answer /healthz within {timeout} s:\n{running.log()[-3000:]}")
