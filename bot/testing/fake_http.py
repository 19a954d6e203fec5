"""The HTTP side of the fake Slack: Web API calls (form or JSON, token in the header or the body) and
`response_url` posts, handed to `FakeSlack.handle`; a client that hangs up early is not an error."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from typing import Any, Protocol
from urllib.parse import parse_qs, urlparse


class FakeSlack(Protocol):
    """What the handler needs of `bot.testing.fake_slack.FakeSlack`."""

    def handle(
        self, method: str, params: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, str], dict[str, Any]]: ...

    def record_response(self, name: str, body: dict[str, Any]) -> bool: ...


def as_dict(value: object) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def _json_or_text(value: str) -> object:
    try:
        return json.loads(value)
    except ValueError:
        return value


class FakeSlackHandler(BaseHTTPRequestHandler):
    """One request to the fake; `slack` is set per server by `handler_for`."""

    slack: FakeSlack

    def log_message(self, format: str, *args: object) -> None:  # the test output stays clean
        return

    def do_GET(self) -> None:
        url = urlparse(self.path)
        self._dispatch(url.path, {k: v[-1] for k, v in parse_qs(url.query).items()})

    def do_POST(self) -> None:
        url = urlparse(self.path)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
        if "json" in (self.headers.get("Content-Type") or ""):
            params = as_dict(raw)
        else:
            params = {k: v[-1] for k, v in parse_qs(raw).items()}
        params.update({k: v[-1] for k, v in parse_qs(url.query).items()})
        self._dispatch(url.path, params)

    def _dispatch(self, path: str, params: dict[str, Any]) -> None:
        if path.startswith("/response/"):
            found = self.slack.record_response(path.removeprefix("/response/"), params)
            self._send(200 if found else 404, {}, {"ok": found})
            return
        if not path.startswith("/api/"):
            self._send(404, {}, {"ok": False, "error": "not_found"})
            return
        auth = self.headers.get("Authorization") or ""
        token = auth.removeprefix("Bearer ").strip() or params.pop("token", None)
        for key in ("blocks", "attachments", "metadata", "view"):
            if isinstance(params.get(key), str):
                params[key] = _json_or_text(params[key])
        status, headers, body = self.slack.handle(path.removeprefix("/api/"), params, token)
        self._send(status, headers, body)

    def _send(self, status: int, headers: dict[str, str], body: dict[str, Any]) -> None:
        payload = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            return  # the client gave up waiting (a timeout test): nothing left to tell it


def handler_for(slack: FakeSlack) -> type[BaseHTTPRequestHandler]:
    return type("Handler", (FakeSlackHandler,), {"slack": slack})
