"""Signed Slack traffic against a deployment, retried the way Slack retries, and the ledger of what came back.

Events: a delivery that times out (3 s) or gets a 5xx is sent again with `X-Slack-Retry-Num` and the same
`event_id`, up to 3 retries (Slack waits ~1 min and ~5 min; here `RETRY_PAUSES`). Slash commands are not
retried (Slack shows the user an error instead). Replies are counted where Slack would show them: the fake's
recorded `chat.postMessage` calls (threaded under the mention) and `response_url` posts.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from bot.testing.fake_slack import FakeSlack

ACK_TIMEOUT = 3.0
RETRY_PAUSES = (0.2, 1.0, 2.0)
CHANNEL = "C0DEPLOY1"
USER = "U0DEPLOY1"


@dataclass
class Sent:
    kind: str  # "event" | "command"
    key: str  # the mention's ts, or the command's response_url
    acked: bool = False
    attempts: int = 0
    status: int = 0
    body: bytes = b""
    latency: float = 0.0
    sent_at: float = 0.0  # time.perf_counter() of the first attempt


@dataclass
class Traffic:
    url: str
    secret: str
    slack: FakeSlack
    sent: list[Sent] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _n: int = 0

    def _next(self) -> int:
        with self._lock:
            self._n += 1
            return self._n

    def _post(self, body: bytes, content_type: str, extra: dict[str, str]) -> tuple[int, bytes]:
        stamp = str(int(time.time()))
        digest = hmac.new(self.secret.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256)
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": "v0=" + digest.hexdigest(),
            **extra,
        }
        request = urllib.request.Request(self.url + "/slack/events", data=body, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=ACK_TIMEOUT) as response:  # noqa: S310 - loopback
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except (urllib.error.URLError, OSError):
            return 0, b""  # timeout, refused, reset: what Slack records as http_timeout / http_error

    def mention(self, question: str) -> Sent:
        n = self._next()
        ts = f"{1_800_000_000 + n}.000100"
        payload = {
            "type": "event_callback",
            "team_id": "T0DEPLOY1",
            "api_app_id": "A0DEPLOY1",
            "event_id": f"Ev0DEPLOY{n:06d}",
            "event_time": int(time.time()),
            "event": {
                "type": "app_mention",
                "text": f"<@U0BOT> {question}",
                "user": USER,
                "ts": ts,
                "channel": CHANNEL,
                "event_ts": ts,
            },
        }
        body = json.dumps(payload).encode()
        sent = Sent("event", ts)
        started = sent.sent_at = time.perf_counter()
        for attempt in range(len(RETRY_PAUSES) + 1):
            extra = (
                {"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_error"} if attempt else {}
            )
            sent.attempts += 1
            sent.status, sent.body = self._post(body, "application/json", extra)
            if sent.status == 200:
                sent.acked = True
                break
            if attempt < len(RETRY_PAUSES):
                time.sleep(RETRY_PAUSES[attempt])
        sent.latency = time.perf_counter() - started
        return self._keep(sent)

    def command(self, text: str) -> Sent:
        response_url = self.slack.response_url()
        fields = {
            "command": "/insights",
            "text": text,
            "user_id": USER,
            "channel_id": CHANNEL,
            "team_id": "T0DEPLOY1",
            "api_app_id": "A0DEPLOY1",
            "response_url": response_url,
            "trigger_id": f"1.2.{self._next()}",
        }
        body = urllib.parse.urlencode(fields).encode()
        sent = Sent("command", response_url, attempts=1)
        started = sent.sent_at = time.perf_counter()
        sent.status, sent.body = self._post(body, "application/x-www-form-urlencoded", {})
        sent.acked = sent.status == 200
        sent.latency = time.perf_counter() - started
        return self._keep(sent)

    def _keep(self, sent: Sent) -> Sent:
        with self._lock:
            self.sent.append(sent)
        return sent

    def replies(self, sent: Sent) -> int:
        """How many answers the user saw for one request."""
        if sent.kind == "event":
            return sum(1 for m in self.slack.posted(CHANNEL) if m.get("thread_ts") == sent.key)
        answered_in_ack = sent.acked and b"Working on it" not in sent.body
        return int(answered_in_ack) + len(self.slack.responses.get(sent.key.rsplit("/", 1)[-1], []))
