"""YAML read with the line of every key, so a problem points at the line an editor should jump to.

`yaml.safe_load` throws positions away and silently keeps the last of two equal keys; composing the node tree
first keeps both facts, and constructing values from that same tree parses the text only once.

Every YAML file the bot reads (front matter, `categories.yml`, `digests.yml`) comes through `compose`, which is
bounded: a text over `MAX_YAML_CHARS` is not parsed, and a document whose aliases (`*name`) would expand to more
than `MAX_ALIAS_EXPANSION` extra values, or refer to themselves, is refused. A 444-byte "billion laughs" file
otherwise becomes hundreds of millions of values the moment anything walks or prints it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import yaml

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

NULL_TAG = "tag:yaml.org,2002:null"
MAX_YAML_CHARS = 256_000
"""Far above any real front matter or config file; parsing this much with libyaml takes well under a second."""
MAX_ALIAS_EXPANSION = 1_000
"""How many more values a document may hold once its aliases are expanded than it has written out."""
QUOTE_CHARS = 60


@dataclass(frozen=True, slots=True)
class YamlIssue:
    """A problem inside a YAML text, its line already counted in the file it came from (1-based)."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One `key: value` pair of a mapping: the raw node (for shape checks and raw text) and where it starts."""

    key: str
    key_line: int
    node: yaml.Node


@dataclass(frozen=True, slots=True)
class YamlDoc:
    """A composed document; `value(node)` turns any of its nodes into Python values (dates, ints, lists...)."""

    root: yaml.Node | None
    first_line: int
    value: Callable[[yaml.Node], object]

    def line(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line


def compose(text: str, first_line: int) -> YamlDoc | YamlIssue:
    """Parse `text`, whose first line is line `first_line` of its file; a syntax error comes back as an issue."""
    if len(text) > MAX_YAML_CHARS:
        return YamlIssue(
            first_line,
            f"YAML is {len(text):,} characters; at most {MAX_YAML_CHARS:,} are read, so none of it was",
        )
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except (yaml.YAMLError, RecursionError) as exc:
        loader.dispose()
        if isinstance(exc, RecursionError):
            return YamlIssue(first_line, "invalid YAML: nested too deeply")
        issue = _issue_from_error(exc, first_line)
        last_line = first_line + text.count("\n")
        return YamlIssue(min(issue.line, last_line), issue.message)
    if root is not None:
        alias_issue = _alias_issue(root, first_line)
        if alias_issue is not None:
            loader.dispose()
            return YamlIssue(_first_alias_line(text, first_line) or alias_issue.line, alias_issue.message)

    if isinstance(root, yaml.ScalarNode) and root.tag == NULL_TAG:
        root = None

    def value(node: yaml.Node) -> object:
        """Python value of a node; a value YAML cannot build (a 13th month) stays as the text written."""
        try:
            return loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
            return scalar_text(node)

    return YamlDoc(root=root, first_line=first_line, value=value)


def read_yaml(text: str, first_line: int = 1) -> YamlDoc | YamlIssue:
    """The public, bounded way in for any YAML the bot reads: a document, or the one issue that stops it."""
    return compose(text, first_line)


def quoted(value: object, limit: int = QUOTE_CHARS) -> str:
    """User data for a problem message: single-quoted, one line, cut to `limit` characters, never whole."""
    text = " ".join(str(value).split()) if not isinstance(value, str) else " ".join(value.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def _first_alias_line(text: str, first_line: int) -> int | None:
    """Where the first `*name` is written: composed nodes only remember where their anchor was."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return first_line + event.start_mark.line
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _alias_issue(root: yaml.Node, first_line: int) -> YamlIssue | None:
    """Sizes each node once (memoised, so linear in what is written) to learn what the aliases would expand to."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    reused = False
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            continue
        if key in sizes:
            reused = True
            continue
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                line = first_line + child.start_mark.line
                return YamlIssue(line, "a YAML alias (*name) refers to its own value: write the values out")
            stack.append((child, False))
    extra = sizes[id(root)] - len(sizes)
    if extra > MAX_ALIAS_EXPANSION and reused:
        return YamlIssue(
            first_line,
            f"YAML aliases (*name) would expand to {extra:,} more values than are written; at most "
            f"{MAX_ALIAS_EXPANSION:,} are allowed: write the values out instead",
        )
    return None


def entries(doc: YamlDoc, node: yaml.MappingNode) -> tuple[list[Entry], list[YamlIssue]]:
    """The mapping's string keys in order; a repeated key or a non-text key is an issue, and the first one wins."""
    found: list[Entry] = []
    issues: list[YamlIssue] = []
    first_seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = doc.line(key_node)
        if (
            not isinstance(key_node, yaml.ScalarNode)
            or key_node.tag == NULL_TAG
            or not key_node.value.strip()
        ):
            issues.append(YamlIssue(line, "a key must be a name followed by a colon, like 'title: ...'"))
            continue
        key = key_node.value.strip()
        if key in first_seen:
            issues.append(
                YamlIssue(line, f"duplicate key {quoted(key)} (first given on line {first_seen[key]})")
            )
            continue
        first_seen[key] = line
        found.append(Entry(key=key, key_line=line, node=value_node))
    return found, issues


def scalar_text(node: yaml.Node) -> str | None:
    """The text exactly as written for a non-empty scalar (so `1.10` stays `1.10`); None for lists, maps, null."""
    if isinstance(node, yaml.ScalarNode) and node.tag != NULL_TAG:
        return str(node.value)
    return None


def _issue_from_error(exc: yaml.YAMLError, first_line: int) -> YamlIssue:
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    mark = problem_mark or context_mark
    line = first_line + (mark.line if mark is not None else 0)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    detail = problem
    if context and context_mark is not None and context_mark.line != getattr(mark, "line", None):
        detail = f"{problem} ({context} started on line {first_line + context_mark.line})"
    elif context:
        detail = f"{problem} ({context})"
    if mark is not None and "\t" in _line_text(mark):
        detail += "; YAML does not allow tabs for indentation, use spaces"
    return YamlIssue(line, f"invalid YAML: {detail}")


def _line_text(mark: yaml.Mark) -> str:
    buffer = getattr(mark, "buffer", None)
    if not isinstance(buffer, str) or not buffer:
        return ""
    start = buffer.rfind("\n", 0, mark.index) + 1
    end = buffer.find("\n", mark.index)
    return buffer[start : end if end >= 0 else len(buffer)]
