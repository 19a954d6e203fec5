"""`categories.yml` bytes -> the described categories, or the problems with them.

The file is optional and advisory: a bad entry or alias is dropped with a problem, the rest still applies, and a
file that is not YAML at all leaves the catalog to take its categories from the articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from bot.core.catalog.model import Category, Problem
from bot.core.catalog.stewardship import read_channel, read_owners
from bot.core.catalog.yamldoc import Entry, YamlDoc, YamlIssue, compose, entries, quoted, scalar_text

CATEGORIES_FILE = "categories.yml"
ENTRY_FIELDS = ("description", "emoji", "aliases", "owners", "channel")
_SHAPE_HINT = "expected one entry per category, like 'Security:' then indented description, emoji and aliases"


@dataclass(frozen=True, slots=True)
class CategoriesFile:
    """What a `categories.yml` contributed; `categories` is in the file's order, which is the display order."""

    categories: tuple[Category, ...] = ()
    problems: tuple[Problem, ...] = ()


def parse_categories(data: bytes, path: Path) -> CategoriesFile:
    """Never raises: anything unusable becomes a problem located at its line."""
    try:
        return _parse(data, path)
    except Exception as exc:
        return CategoriesFile(
            problems=(Problem(path, 1, f"could not be read ({exc.__class__.__name__}: {quoted(exc)})"),)
        )


def _parse(data: bytes, path: Path) -> CategoriesFile:
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return CategoriesFile(problems=(Problem(path, line, "not UTF-8 text: save the file as UTF-8"),))
    doc = compose(text, 1)
    if isinstance(doc, YamlIssue):
        return CategoriesFile(problems=(Problem(path, doc.line, doc.message),))
    if doc.root is None:
        return CategoriesFile()
    if not isinstance(doc.root, yaml.MappingNode):
        return CategoriesFile(problems=(Problem(path, doc.line(doc.root), _SHAPE_HINT),))
    return _Reader(path, doc).read(doc.root)


class _Reader:
    def __init__(self, path: Path, doc: YamlDoc) -> None:
        self.path = path
        self.doc = doc
        self.problems: list[Problem] = []
        self.owner_of: dict[str, tuple[str, int]] = {}

    def _problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def read(self, root: yaml.MappingNode) -> CategoriesFile:
        found, issues = entries(self.doc, root)
        self.problems.extend(Problem(self.path, issue.line, issue.message) for issue in issues)
        accepted: list[tuple[Entry, yaml.MappingNode | None]] = []
        for entry in found:
            folded = entry.key.casefold()
            if folded in self.owner_of:
                other, line = self.owner_of[folded]
                self._problem(
                    entry.key_line,
                    f"category {quoted(entry.key)} is already listed as {quoted(other)} on line {line}",
                )
                continue
            node = entry.node
            if isinstance(node, yaml.ScalarNode) and scalar_text(node) is None:
                accepted.append((entry, None))
            elif isinstance(node, yaml.MappingNode):
                accepted.append((entry, node))
            else:
                self._problem(entry.key_line, f"{quoted(entry.key)}: {_SHAPE_HINT}")
                continue
            self.owner_of[folded] = (entry.key, entry.key_line)
        categories = tuple(self._category(entry.key, node) for entry, node in accepted)
        return CategoriesFile(categories, tuple(sorted(self.problems, key=lambda p: p.line)))

    def _category(self, name: str, node: yaml.MappingNode | None) -> Category:
        if node is None:
            return Category(name=name)
        found, issues = entries(self.doc, node)
        self.problems.extend(Problem(self.path, issue.line, issue.message) for issue in issues)
        fields: dict[str, object] = {}
        for entry in found:
            if entry.key == "aliases":
                fields["aliases"] = self._aliases(name, entry)
            elif entry.key in ("owners", "channel"):
                fields[entry.key] = self._steward(entry)
            elif entry.key in ENTRY_FIELDS:
                text = scalar_text(entry.node)
                if text is None and not isinstance(entry.node, yaml.ScalarNode):
                    self._problem(entry.key_line, f"{entry.key} of {quoted(name)} must be text")
                fields[entry.key] = " ".join((text or "").split())
            else:
                self._problem(entry.key_line, _unknown_field(entry.key, name))
        return Category(
            name=name,
            description=str(fields.get("description", "")),
            emoji=str(fields.get("emoji", "")),
            aliases=tuple(fields.get("aliases", ())),  # type: ignore[arg-type]
            owners=tuple(fields.get("owners", ())),  # type: ignore[arg-type]
            channel=fields.get("channel"),  # type: ignore[arg-type]
        )

    def _steward(self, entry: Entry) -> tuple[str, ...] | str | None:
        issues: list[tuple[int, str]] = []
        read = read_owners if entry.key == "owners" else read_channel
        value = read(self.doc, entry, issues)
        for line, message in issues:
            self._problem(line, message)
        return value

    def _aliases(self, name: str, entry: Entry) -> tuple[str, ...]:
        node = entry.node
        if isinstance(node, yaml.ScalarNode) and scalar_text(node) is None:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self._problem(
                entry.key_line, f"aliases of {quoted(name)} must be a list, like 'aliases: [sec, appsec]'"
            )
            return ()
        kept: list[str] = []
        for item in node.value:
            line = self.doc.line(item)
            alias = " ".join((scalar_text(item) or "").split())
            if not alias:
                self._problem(line, f"an alias of {quoted(name)} is empty or not text")
                continue
            folded = alias.casefold()
            owner = self.owner_of.get(folded)
            if owner is not None and owner[0] != name:
                what = "a category" if owner[0].casefold() == folded else f"an alias of {quoted(owner[0])}"
                self._problem(
                    line,
                    f"alias {quoted(alias)} of {quoted(name)} clashes: it is already {what} (line {owner[1]})",
                )
                continue
            if owner is None:
                self.owner_of[folded] = (name, line)
                kept.append(alias)
        return tuple(kept)


def _unknown_field(key: str, name: str) -> str:
    match = process.extractOne(key.lower(), ENTRY_FIELDS, scorer=fuzz.ratio, score_cutoff=70)
    hint = f"did you mean '{match[0]}'?" if match else f"expected {', '.join(ENTRY_FIELDS)}"
    return f"unknown field {quoted(key)} in {quoted(name)}: {hint}"
