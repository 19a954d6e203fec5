"""A production-shaped deployment on one machine, for the deployment test and benchmark.

A fresh PostgreSQL database, N `insights-bot serve` replicas behind a real nginx (a process with a generated
config on loopback ports, not a system service), one `insights-bot scheduler`, all pointed at a Slack
stand-in (`bot.testing.fake_slack`). Each part can be killed and restarted, which is the point.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

CLI = Path(sys.executable).parent / "insights-bot"
CHECKOUT_CONTENT = Path(__file__).resolve().parents[2] / "content"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

NGINX_CONF = """
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    client_header_timeout 10s;
    client_body_timeout 10s;
    client_max_body_size 1m;
    upstream insights {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://insights;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_connect_timeout 1s;
            proxy_read_timeout 10s;
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            proxy_next_upstream_tries 2;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nginx_available() -> bool:
    return os.path.exists(NGINX)


def fresh_database(admin_url: str) -> tuple[str, str]:
    """Create an empty database with the role of `admin_url` (it needs CREATEDB); (SQLAlchemy URL, name)."""
    url = make_url(admin_url)
    name = f"insights_deploy_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_libpq(admin_url), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')  # name is ours: letters, digits, underscores
    return url.set(database=name).render_as_string(hide_password=False), name


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(_libpq(admin_url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass
class Proc:
    """One `insights-bot` (or nginx) process that can be killed and started again with the same settings."""

    name: str
    argv: list[str]
    env: dict[str, str]
    workdir: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Proc:
        self.starts += 1
        log = (self.workdir / f"{self.name}.{self.starts}.log").open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own CLI and nginx, argv built here
            self.argv, env=self.env, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self, sig: int = signal.SIGKILL, timeout: float = 30.0) -> int | None:
        if not self.alive():
            return None
        assert self.process is not None
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(timeout=10)

    def wait_healthy(self, path: str = "/healthz", timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"{self.name} exited: {self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=1) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not answer {path} within {timeout} s: {self.log_tail()}")

    def logs(self) -> str:
        """Everything this process wrote, over all its starts."""
        found = sorted(self.workdir.glob(f"{self.name}.*.log"))
        return "".join(path.read_text(errors="replace") for path in found)

    def log_tail(self, chars: int = 2000) -> str:
        path = self.workdir / f"{self.name}.{self.starts}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""


@dataclass
class Cluster:
    workdir: Path
    database_url: str
    api_url: str
    base_env: dict[str, str] = field(default_factory=dict)
    """PATH, HOME... from the caller (only bot/settings.py reads the environment)."""
    bot_token: str = "xoxb-1111-2222-SECRETbottoken"  # noqa: S105 - the fake Slack's test token
    replicas: list[Proc] = field(default_factory=list)
    scheduler: Proc | None = None
    nginx: Proc | None = None

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in self.base_env.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
        env.update(
            CONTENT_DIR=str(CHECKOUT_CONTENT),
            DATABASE_URL=self.database_url,
            SLACK_BOT_TOKEN=self.bot_token,
            SLACK_API_URL=self.api_url,
            EMBEDDING_MODEL="off",
            LOG_LEVEL="INFO",
        )
        env.update(extra)
        return env

    def start(
        self,
        signing_secret: str,
        *,
        replicas: int = 2,
        scheduler_env: dict[str, str] | None = None,
        replica_env: dict[str, str] | None = None,
    ) -> None:
        for n in range(replicas):
            folder = self.workdir / f"replica{n}"
            folder.mkdir(exist_ok=True)
            port = free_port()
            argv = [str(CLI), "serve", "--host", "127.0.0.1", "--port", str(port)]
            env = self.env(SLACK_SIGNING_SECRET=signing_secret, DATA_DIR=str(folder), **(replica_env or {}))
            self.replicas.append(Proc(f"replica{n}", argv, env, folder, port).start())
        for replica in self.replicas:
            replica.wait_healthy()
        self.nginx = self._nginx()
        self.nginx.wait_healthy()
        folder = self.workdir / "scheduler"
        folder.mkdir(exist_ok=True)
        env = self.env(DATA_DIR=str(folder), **(scheduler_env or {}))
        self.scheduler = Proc("scheduler", [str(CLI), "scheduler"], env, folder)

    def _nginx(self) -> Proc:
        prefix = self.workdir / "nginx"
        prefix.mkdir(exist_ok=True)
        port = free_port()
        servers = "\n".join(
            f"        server 127.0.0.1:{r.port} max_fails=1 fail_timeout=2s;" for r in self.replicas
        )
        conf = prefix / "nginx.conf"
        conf.write_text(NGINX_CONF.format(prefix=prefix, servers=servers, port=port), encoding="utf-8")
        argv = [NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"]
        return Proc(
            "nginx", argv, {"PATH": self.base_env.get("PATH", "/usr/sbin:/usr/bin")}, prefix, port
        ).start()

    def stop(self) -> None:
        everything = [*self.replicas, self.scheduler, self.nginx]
        for proc in everything:
            if proc is not None:
                proc.kill(signal.SIGTERM, timeout=20)
