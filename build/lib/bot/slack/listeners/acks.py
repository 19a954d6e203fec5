"""The acknowledgement every listener starts with, shared so each surface acks the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def ack_only(ack: Callable[[], Any]) -> None:
    """Every delivered event and click gets its 2xx at once, including the ones we choose not to answer."""
    ack()
