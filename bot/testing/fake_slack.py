"""A stand-in for Slack's Web API over real HTTP on 127.0.0.1, for tests, benchmarks and the local shell.

The real `slack_sdk.WebClient` talks to it through `base_url`, so everything between our code and the socket
(serialisation, retry handlers, error parsing) runs for real. It records every call, keeps the messages posted per
channel (with metadata, for `conversations.history` and `.replies`), serves `response_url`s, and can be told to fail: an error
code, a 429 with `Retry-After`, a 5xx, a delay, or Slack's posting pace.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from typing import Any

from bot.testing import fake_reading
from bot.testing.fake_faults import Fault, Pace
from bot.testing.fake_http import as_dict, handler_for

BOT_USER_ID = "UINSIGHTS"
BOT_ID = "BINSIGHTS"
TEAM_ID = "T0FAKE"
POSTING_METHODS = {"chat.postMessage", "chat.postEphemeral", "chat.update", "views.publish"}


@dataclass
class Call:
    """One Web API call as the server received it."""

    method: str
    params: dict[str, Any]
    token: str | None
    at: float


class FakeSlack:
    """`with FakeSlack() as slack:` gives a running server; `slack.api_url` is the `base_url` for clients."""

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, wall_clock: Callable[[], float] | None = None
    ) -> None:
        """`wall_clock` (Unix seconds) dates message `ts`, so `conversations.history`'s `oldest` and `latest`
        mean what they mean in Slack; without it, messages get small increasing stand-in timestamps."""
        self._clock = clock
        self._wall_clock = wall_clock
        self._last_ts = 0.0
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self.calls: list[Call] = []
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.responses: dict[str, list[dict[str, Any]]] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.modals: dict[str, dict[str, Any]] = {}
        self.members: set[str] | None = None
        self.socket_mode_url: str | None = None
        self._faults: list[Fault] = []
        self._pace: Pace | None = None
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    @property
    def api_url(self) -> str:
        return self.url + "api/"

    def start(self) -> FakeSlack:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-slack", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what tests read -------------------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def posted(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Messages accepted by chat.postMessage, oldest first, in one channel or all."""
        with self._lock:
            if channel is not None:
                return list(self.messages.get(channel, []))
            return [message for messages in self.messages.values() for message in messages]

    def add_message(self, channel: str, text: str, **fields: Any) -> str:
        """Someone else's message in `channel` (busy channels bury the bot's own); returns its ts."""
        with self._lock:
            ts = self._next_message_ts()
            self.messages.setdefault(channel, []).append(
                {"type": "message", "user": "UOTHER", "text": text, **fields, "ts": ts}
            )
            return ts

    def response_url(self, name: str | None = None) -> str:
        """A fresh `response_url`; what is posted to it lands in `responses[name]`."""
        name = name or f"r{next(self._ts)}"
        with self._lock:
            self.responses.setdefault(name, [])
        return f"{self.url}response/{name}"

    # -- what tests program -----------------------------------------------------------------------------------
    def fail(self, method: str, *, error: str, channel: str | None = None, times: int | None = None) -> None:
        """Answer `{"ok": false, "error": error}` (HTTP 200, as Slack does), `times` times or forever."""
        self._add(Fault(method, "error", times, channel, error=error))

    def rate_limit(self, method: str, *, retry_after: int = 1, times: int | None = 1) -> None:
        self._add(Fault(method, "ratelimit", times, retry_after=retry_after))

    def server_error(self, method: str, *, status: int = 500, times: int | None = 1) -> None:
        self._add(Fault(method, "status", times, status=status))

    def delay(
        self, method: str, seconds: float, *, times: int | None = 1, channel: str | None = None
    ) -> None:
        self._add(Fault(method, "delay", times, channel=channel, seconds=seconds))

    def pace(
        self, *, per_channel_seconds: float = 1.0, burst: int = 50, refill_per_second: float = 20.0
    ) -> None:
        """Enforce chat.postMessage's pace: 429 + Retry-After past one post a second per channel or the burst."""
        with self._lock:
            self._pace = Pace(per_channel_seconds, burst, refill_per_second, float(burst), self._clock())

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()
            self._faults.clear()

    def _add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    # -- the Web API --------------------------------------------------------------------------------------------
    def handle(
        self, method: str, params: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        now = self._clock()
        with self._lock:
            self.calls.append(Call(method, params, token, now))
            fault = next((f for f in self._faults if f.matches(method, params)), None)
            if fault is not None and fault.times is not None:
                fault.times -= 1
        if fault is not None and fault.kind == "delay":
            time.sleep(fault.seconds)
        elif fault is not None and fault.kind == "ratelimit":
            return 429, {"Retry-After": str(fault.retry_after)}, {"ok": False, "error": "ratelimited"}
        elif fault is not None and fault.kind == "status":
            return fault.status, {}, {"ok": False, "error": "internal_error"}
        elif fault is not None:
            return 200, {}, {"ok": False, "error": fault.error}
        if not token:
            return 200, {}, {"ok": False, "error": "not_authed"}
        with self._lock:
            if method == "chat.postMessage" and self._pace is not None:
                retry_after = self._pace.admit(str(params.get("channel")), now)
                if retry_after is not None:
                    return 429, {"Retry-After": str(retry_after)}, {"ok": False, "error": "ratelimited"}
            return 200, {}, self._answer(method, params)

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel", ""))
        if method == "auth.test":
            return {"ok": True, "url": "https://fake.slack.test/", "team": "Fake", "user": "insights",
                    "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID}  # fmt: skip
        if method in POSTING_METHODS - {"views.publish"} and not channel:
            return {"ok": False, "error": "channel_not_found"}
        if method == "chat.postMessage":
            if self.members is not None and channel not in self.members:
                return {"ok": False, "error": "not_in_channel"}
            ts = self._next_message_ts()
            message = {**params, "ts": ts, "user": BOT_USER_ID, "bot_id": BOT_ID, "type": "message"}
            self.messages.setdefault(channel, []).append(message)
            return {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{1_700_000_000 + next(self._ts)}.000200"}
        if method == "chat.update":
            return {"ok": True, "channel": channel, "ts": params.get("ts"), "text": params.get("text", "")}
        if method in {"views.open", "views.update"}:
            return self._modal(method, params)
        if method == "views.publish":
            self.views[str(params.get("user_id"))] = params.get("view", {})
            return {"ok": True, "view": {"id": f"V{next(self._ts)}", **as_dict(params.get("view"))}}
        if method == "conversations.info":
            is_member = self.members is None or channel in self.members
            return {"ok": True, "channel": {"id": channel, "name": channel.lower(), "is_member": is_member}}
        if method in fake_reading.METHODS:
            return fake_reading.METHODS[method](self.messages.get(channel, []), params)
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users", "U")).split(",")[0]}}
        if method == "conversations.join":
            return {"ok": True, "channel": {"id": channel}}
        if method == "users.info":
            user = str(params.get("user"))
            return {"ok": True, "user": {"id": user, "name": user.lower(), "tz": "UTC"}}
        if method == "apps.connections.open":
            if self.socket_mode_url is None:
                return {"ok": False, "error": "invalid_auth"}
            return {"ok": True, "url": self.socket_mode_url}
        return {"ok": False, "error": "unknown_method"}

    def _modal(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """views.open needs a trigger_id, views.update a view_id it opened; both keep the modal shown."""
        view = as_dict(params.get("view"))
        if method == "views.open":
            if not params.get("trigger_id"):
                return {"ok": False, "error": "invalid_trigger_id"}
            view_id = f"VMODAL{next(self._ts)}"
        else:
            view_id = str(params.get("view_id", ""))
            if view_id not in self.modals:
                return {"ok": False, "error": "not_found"}
        self.modals[view_id] = view
        return {"ok": True, "view": {"id": view_id, **view}}

    def _next_message_ts(self) -> str:
        """Unique and increasing, like Slack's: the wall clock's time, nudged a microsecond past the last one."""
        if self._wall_clock is None:
            return f"{1_700_000_000 + next(self._ts)}.000100"
        self._last_ts = max(round(self._wall_clock(), 6), round(self._last_ts + 0.000001, 6))
        return f"{self._last_ts:.6f}"

    def record_response(self, name: str, body: dict[str, Any]) -> bool:
        with self._lock:
            if name not in self.responses:
                return False
            self.responses[name].append(body)
            return True
