"""`content/digests.yml`: subscriptions kept in git, as a mapping of category to channel IDs.

    Security: [C0123ABCD, C0456EFGH]
    Cloud & DevOps: C0789IJKL

Parsing is pure and never raises: anything it cannot use becomes a problem message, the rest still applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{4,20}$")


@dataclass(frozen=True)
class Declared:
    pairs: frozenset[tuple[str, str]]  # (category as written, channel ID)
    problems: tuple[str, ...] = ()
    complete: bool = True  # False when the file could not be read as a whole: apply nothing


def parse_declared(text: str) -> Declared:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        return Declared(frozenset(), (f"not valid YAML{where}: nothing in it was applied",), complete=False)
    if data is None:
        return Declared(frozenset())
    if not isinstance(data, dict):
        return Declared(frozenset(), ("expected a mapping of category: [channel IDs]",), complete=False)
    pairs: set[tuple[str, str]] = set()
    problems: list[str] = []
    for category, channels in data.items():
        listed = channels if isinstance(channels, list) else [channels]
        for channel in listed:
            if not isinstance(channel, str) or not CHANNEL_ID.match(channel.strip()):
                problems.append(
                    f"{category}: {channel!r} is not a channel ID (right-click the channel > "
                    "View channel details; the ID starts with C)"
                )
                continue
            pairs.add((str(category), channel.strip()))
    return Declared(frozenset(pairs), tuple(problems))
