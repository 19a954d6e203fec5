"""`content/digests.yml`: subscriptions kept in git, as a mapping of category to channel IDs.

    Security: [C0123ABCD, C0456EFGH]
    Cloud & DevOps: C0789IJKL

Parsing is pure and never raises: anything it cannot use becomes a problem with its line, the rest still
applies. The text goes through the catalog's bounded YAML reader, so an oversized file or one whose aliases
would explode is refused whole (nothing applied) instead of hanging the bot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.core.catalog.model import Problem
from bot.core.catalog.yamldoc import YamlIssue, entries, quoted, read_yaml, scalar_text

DECLARED_FILE = "digests.yml"
CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{4,20}$")
_SHAPE = "expected a mapping of category: [channel IDs]"


@dataclass(frozen=True)
class Declared:
    pairs: frozenset[tuple[str, str]]  # (category as written, channel ID)
    issues: tuple[YamlIssue, ...] = ()
    complete: bool = True  # False when the file could not be read as a whole: apply nothing

    @property
    def problems(self) -> tuple[str, ...]:
        """One line each, `line N: message`, for logs and replies."""
        return tuple(f"line {issue.line}: {issue.message}" for issue in self.issues)


def parse_declared(text: str) -> Declared:
    doc = read_yaml(text)
    if isinstance(doc, YamlIssue):
        message = doc.message.removeprefix("invalid YAML: ")
        return Declared(
            frozenset(), (YamlIssue(doc.line, f"not valid YAML ({message}): nothing applied"),), False
        )
    if doc.root is None:
        return Declared(frozenset())
    if not isinstance(doc.root, yaml.MappingNode):
        return Declared(frozenset(), (YamlIssue(doc.line(doc.root), _SHAPE),), complete=False)
    found, issues = entries(doc, doc.root)
    pairs: set[tuple[str, str]] = set()
    for entry in found:
        node = entry.node
        listed = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for item in listed:
            channel = (scalar_text(item) or "").strip()
            if not CHANNEL_ID.match(channel):
                shown = quoted(channel) if channel else "a list or mapping"
                issues.append(
                    YamlIssue(
                        doc.line(item),
                        f"{quoted(entry.key)}: {shown} is not a channel ID (right-click the channel > "
                        "View channel details; the ID starts with C)",
                    )
                )
                continue
            pairs.add((entry.key, channel))
    return Declared(frozenset(pairs), tuple(issues))


def declared_problems(data: bytes | Problem, path: Path) -> tuple[Problem, ...]:
    """`digests.yml` as `check` sees it: each issue located at `path:line`."""
    if isinstance(data, Problem):
        return (data,)
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return (Problem(path, line, "not UTF-8 text: save the file as UTF-8"),)
    return tuple(Problem(path, issue.line, issue.message) for issue in parse_declared(text).issues)
