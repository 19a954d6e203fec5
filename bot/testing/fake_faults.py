"""What the fake Slack can be told to do wrong: fail a method, rate-limit it, answer 5xx, be slow, or keep Slack's
posting pace."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Fault:
    method: str
    kind: str  # "error" | "ratelimit" | "status" | "delay"
    times: int | None
    channel: str | None = None
    error: str = ""
    status: int = 200
    retry_after: int = 1
    seconds: float = 0.0

    def matches(self, method: str, params: dict[str, Any]) -> bool:
        if self.method != method or self.times == 0:
            return False
        return self.channel is None or params.get("channel") == self.channel


@dataclass
class Pace:
    """Slack's chat.postMessage pace: one message a second per channel, and a workspace-wide bucket."""

    per_channel_seconds: float
    burst: int
    refill_per_second: float
    tokens: float = 0.0
    refilled_at: float = 0.0
    last_post: dict[str, float] = field(default_factory=dict)

    def admit(self, channel: str, now: float) -> int | None:
        """None when the post may go through, else the Retry-After seconds to answer with."""
        self.tokens = min(self.burst, self.tokens + (now - self.refilled_at) * self.refill_per_second)
        self.refilled_at = now
        last = self.last_post.get(channel)
        if last is not None and now - last < self.per_channel_seconds:
            return max(1, round(self.per_channel_seconds - (now - last)))
        if self.tokens < 1:
            return max(1, round((1 - self.tokens) / self.refill_per_second))
        self.tokens -= 1
        self.last_post[channel] = now
        return None
