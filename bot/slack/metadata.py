"""Slack message metadata on our digests: what makes a post recognisable after a crash, so a digest whose
recording was lost is found in the channel instead of being posted twice."""

from __future__ import annotations

from typing import Any

from bot.digest_outcomes import DigestTag

EVENT_TYPE = "insights_digest"


def digest_metadata(tag: DigestTag) -> dict[str, Any]:
    payload = {"subscription": tag.subscription_id, "period": tag.period, "sequence": tag.sequence}
    return {"event_type": EVENT_TYPE, "event_payload": payload}


def carries(metadata: object, tag: DigestTag) -> bool:
    """Whether a message's metadata (as `conversations.history` returns it) is this digest's."""
    if not isinstance(metadata, dict) or metadata.get("event_type") != EVENT_TYPE:
        return False
    payload = metadata.get("event_payload") or {}
    found = (payload.get("subscription"), payload.get("period"), payload.get("sequence", 0))
    return isinstance(payload, dict) and found == (tag.subscription_id, tag.period, tag.sequence)
