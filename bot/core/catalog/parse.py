"""One article file's bytes -> an `Article`, or the problems that keep it out of the catalog.

Pure: the caller reads the file. Every problem carries the line of the offending key, so `check` output can be
clicked in an editor or turned into CI annotations.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from frontmatter.default_handlers import YAMLHandler
from rapidfuzz import fuzz, process

from bot.core.catalog.model import Article, Problem
from bot.core.catalog.stewardship import STEWARD_FIELDS, date_value, read_stewardship
from bot.core.catalog.yamldoc import Entry, YamlDoc, YamlIssue, compose, entries, quoted, scalar_text

REQUIRED_FIELDS = ("title", "category", "summary", "read_time")
OPTIONAL_FIELDS = ("tags", "url", "published", "author", *STEWARD_FIELDS)
KNOWN_FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS
COMMON_EXTRAS = frozenset({"reviewer", "reviewers"})
"""Fields teams keep for themselves that are spelt like ours (`reviewed`): never reported as typos."""

_BOM = b"\xef\xbb\xbf"
_FRONT_MATTER = YAMLHandler()
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """The outcome for one file; `lines` remembers where each front-matter key is, for catalog-wide messages."""

    path: Path
    article: Article | None
    problems: tuple[Problem, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)
    category: str | None = None

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


def slug_for(path: Path) -> str:
    """The file name, lower-cased with runs of other characters turned into `-`: stable, URL- and button-safe."""
    return _SLUG_JUNK.sub("-", path.stem.lower()).strip("-")


def parse_article(data: bytes, path: Path) -> ParsedArticle:
    """Decode, split front matter from body, and check every field; never raises for any input.

    The last-resort guard turns a parser bug into a problem on that one file, so it cannot take the catalog down.
    """
    try:
        return _parse(data, path)
    except Exception as exc:
        return _fail(
            path, 1, f"could not be read ({exc.__class__.__name__}: {quoted(exc)}); please report this file"
        )


def _parse(data: bytes, path: Path) -> ParsedArticle:
    text_or_problem = _decode(data, path)
    if isinstance(text_or_problem, Problem):
        return ParsedArticle(path, None, (text_or_problem,))
    text = text_or_problem
    if not text.strip():
        return _fail(
            path, 1, "empty file: expected front matter between two '---' lines, then the article text"
        )
    split = _split(text)
    if split is None:
        return _fail(
            path,
            1,
            "no front matter: start the file with a '---' line, then title, category, summary and read_time, "
            "then another '---' line",
        )
    if isinstance(split, int):
        return _fail(path, split, "front matter is not closed: add a '---' line after the last field")
    front, first_line, body = split
    doc = compose(front, first_line)
    if isinstance(doc, YamlIssue):
        return _fail(path, doc.line, doc.message)
    if doc.root is None or not isinstance(doc.root, yaml.MappingNode):
        line = doc.line(doc.root) if doc.root is not None else first_line
        return _fail(path, line, "front matter must be 'key: value' lines, like 'title: Securing sessions'")
    return _fields_to_article(path, doc, doc.root, body)


def _decode(data: bytes, path: Path) -> str | Problem:
    try:
        return data.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(_BOM) if data.startswith(_BOM) else 0)
        line = data[:offset].count(b"\n") + 1
        return Problem(
            path, line, f"not UTF-8 text (byte 0x{data[offset]:02x} on this line): save the file as UTF-8"
        )


def _split(text: str) -> tuple[str, int, str] | int | None:
    """(front matter, its first line number, body); the opening line if never closed; None if there is none.

    Uses python-frontmatter's YAML boundary and detection so files it accepts are accepted here, but keeps the
    positions it would drop; leading blank lines are allowed, as python-frontmatter allows them.
    """
    start = len(text) - len(text.lstrip())
    if not _FRONT_MATTER.detect(text[start:]):
        return None
    opening = _FRONT_MATTER.FM_BOUNDARY.match(text, start)
    if opening is None:
        return None
    closing = _FRONT_MATTER.FM_BOUNDARY.search(text, opening.end())
    if closing is None:
        return text.count("\n", 0, start) + 1
    front = text[opening.end() : closing.start()]
    first_line = text.count("\n", 0, opening.end()) + 1
    return front, first_line, text[closing.end() :].strip()


def _fields_to_article(path: Path, doc: YamlDoc, root: yaml.MappingNode, body: str) -> ParsedArticle:
    found, issues = entries(doc, root)
    problems = [Problem(path, issue.line, issue.message) for issue in issues]
    by_key = {entry.key: entry for entry in found}
    lines = {entry.key: entry.key_line for entry in found}
    problems += _field_name_problems(path, doc, found, by_key)
    checker = _FieldChecker(path, doc, problems)
    title = checker.text(by_key.get("title"))
    category = checker.text(by_key.get("category"))
    summary = checker.text(by_key.get("summary"))
    read_time = checker.read_time(by_key.get("read_time"))
    steward_issues: list[tuple[int, str]] = []
    steward = read_stewardship(doc, by_key, steward_issues)
    problems.extend(Problem(path, line, message) for line, message in steward_issues)
    slug = slug_for(path)
    if not slug:
        problems.append(
            Problem(path, 1, "the file name has no letters or digits to make a slug from: rename it")
        )
    optional = {
        "tags": checker.tags(by_key.get("tags")),
        "url": checker.url(by_key.get("url")),
        "published": checker.published(by_key.get("published")),
        "author": checker.text(by_key.get("author")),
    }
    if problems or title is None or category is None or summary is None or read_time is None:
        return ParsedArticle(path, None, tuple(problems), lines, category)
    article = Article(
        slug=slug, title=title, category=category, summary=summary, read_time=read_time, body=body, path=path,
        questions=steward.questions, owners=steward.owners, review_by=steward.review_by,
        review_every=steward.review_every, reviewed=steward.reviewed, **optional,  # type: ignore[arg-type]  # typed by the checker
    )  # fmt: skip
    return ParsedArticle(path, article, (), lines, category)


def _field_name_problems(path: Path, doc: YamlDoc, found: list[Any], by_key: dict[str, Any]) -> list[Problem]:
    """Misspelt field names (when the right one is absent) and missing required fields."""
    problems = []
    for entry in found:
        if entry.key not in KNOWN_FIELDS and entry.key.lower() not in COMMON_EXTRAS:
            guess = _near_field(entry.key)
            if guess is not None and guess not in by_key:
                message = f"unknown field {quoted(entry.key)}: did you mean '{guess}'?"
                problems.append(Problem(path, entry.key_line, message))
    missing = [name for name in REQUIRED_FIELDS if name not in by_key]
    if missing:
        message = f"missing required field{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"
        problems.append(Problem(path, doc.first_line, message))
    return problems


def _near_field(key: str) -> str | None:
    match = process.extractOne(key.lower(), KNOWN_FIELDS, scorer=fuzz.ratio, score_cutoff=75)
    return match[0] if match else None


@dataclass
class _FieldChecker:
    """Type checks for each field; each failed check appends one problem at the key's line and returns None."""

    path: Path
    doc: YamlDoc
    problems: list[Problem]

    def _problem(self, entry: Entry, message: str) -> None:
        self.problems.append(Problem(self.path, entry.key_line, message))

    def text(self, entry: Entry | None) -> str | None:
        if entry is None:
            return None
        raw = scalar_text(entry.node)
        if raw is None:
            kind = "empty" if isinstance(entry.node, yaml.ScalarNode) else "not text"
            self._problem(entry, f"{entry.key} is {kind}: write it on the same line, like '{entry.key}: ...'")
            return None
        cleaned = " ".join(raw.split())
        if not cleaned:
            self._problem(entry, f"{entry.key} is empty")
            return None
        return cleaned

    def read_time(self, entry: Entry | None) -> int | None:
        if entry is None:
            return None
        value = self.doc.value(entry.node)
        if isinstance(value, bool) or not isinstance(value, int):
            shown = scalar_text(entry.node) or "a list or mapping"
            self._problem(
                entry,
                f"read_time must be a whole number of minutes, like 'read_time: 8' (got {quoted(shown)})",
            )
            return None
        if value <= 0:
            self._problem(entry, f"read_time must be at least 1 minute (got {value})")
            return None
        return value

    def tags(self, entry: Entry | None) -> tuple[str, ...]:
        if entry is None or (isinstance(entry.node, yaml.ScalarNode) and scalar_text(entry.node) is None):
            return ()
        if not isinstance(entry.node, yaml.SequenceNode):
            self._problem(entry, "tags must be a list of words, like 'tags: [jwt, sessions]'")
            return ()
        tags: list[str] = []
        for item in entry.node.value:
            raw = scalar_text(item)
            if raw is None or not raw.strip():
                line = self.doc.line(item)
                self.problems.append(
                    Problem(self.path, line, "each tag must be a word or phrase, not empty or a list")
                )
                continue
            tag = " ".join(raw.split())
            if tag.casefold() not in {existing.casefold() for existing in tags}:
                tags.append(tag)
        return tuple(tags)

    def url(self, entry: Entry | None) -> str | None:
        if entry is None or (isinstance(entry.node, yaml.ScalarNode) and scalar_text(entry.node) is None):
            return None
        raw = (scalar_text(entry.node) or "").strip()
        parts = urlsplit(raw) if raw and not any(ch.isspace() for ch in raw) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            self._problem(
                entry, f"url must be an http:// or https:// link (got {quoted(raw or 'a list or mapping')})"
            )
            return None
        return raw

    def published(self, entry: Entry | None) -> dt.date | None:
        if entry is None or (isinstance(entry.node, yaml.ScalarNode) and scalar_text(entry.node) is None):
            return None
        found = date_value(self.doc.value(entry.node))
        if found is not None:
            return found
        shown = scalar_text(entry.node) or "a list or mapping"
        self._problem(entry, f"published must be a date like 2024-03-31 (got {quoted(shown)})")
        return None


def _fail(path: Path, line: int, message: str) -> ParsedArticle:
    return ParsedArticle(path, None, (Problem(path, line, message),))
