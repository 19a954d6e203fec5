"""The house rules a newcomer relies on, held for every package: the layers, small modules, short functions,
no import cycles, and no two modules with one name.

A layer may import its own layer and any below it, never above (docs/architecture.md draws them). A new
top-level module or package must be given its layer here, which is the moment to decide where it belongs.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "bot"
LAYERS = {
    "bot.core": 0,
    "bot.clock": 0,
    "bot.settings": 0,
    "bot.errors": 0,
    "bot.testing": 1,
    "bot.semantic": 1,
    "bot.search_snapshot": 1,
    "bot.search_pool": 1,
    "bot.store": 1,
    "bot.live_catalog": 2,
    "bot.content_files": 2,
    "bot.digest_outcomes": 2,
    "bot.digests": 2,
    "bot.subscriptions": 2,
    "bot.declared_subscriptions": 2,
    "bot.assistant": 3,
    "bot.analytics": 3,
    "bot.owners": 3,
    "bot.git_dates": 1,
    "bot.metrics": 1,
    "bot.logging_setup": 1,
    "bot.readiness": 3,
    "bot.scheduler": 3,
    "bot.slack": 4,
    "bot.bootstrap": 5,
    "bot.bootstrap_config": 5,
    "bot.wiring": 5,
    "bot.shell": 6,
    "bot.cli": 7,
}
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer(name: str) -> int:
    if name == "bot":
        return 0  # the package marker
    for prefix, rank in sorted(LAYERS.items(), key=lambda item: -len(item[0])):
        if name == prefix or name.startswith(prefix + "."):
            return rank
    raise AssertionError(f"{name} has no layer: add it to LAYERS in tests/test_structure.py")


def own_imports(name: str, path: Path) -> set[str]:
    """Modules of the package this module imports, TYPE_CHECKING ones included."""
    known = modules()
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in known else base)
    return {item for item in found if item in known and item != name}


def functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def not_migration(name: str) -> bool:
    return ".migrations." not in name


def test_every_module_imports_only_its_layer_and_below() -> None:
    wrong = []
    for name, path in modules().items():
        for target in own_imports(name, path):
            if layer(target) > layer(name):
                wrong.append(f"{name} (layer {layer(name)}) imports {target} (layer {layer(target)})")
    assert wrong == []


def test_core_imports_no_settings() -> None:
    bad = [f"{n} imports {t}" for n, p in modules().items() if n.startswith("bot.core") for t in own_imports(n, p)
           if t.startswith("bot.settings")]  # fmt: skip
    assert bad == []


@pytest.mark.parametrize("name", [n for n in modules() if not_migration(n)])
def test_modules_stay_under_the_size_a_reader_takes_in(name: str) -> None:
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{name} has {lines} lines"


def test_functions_are_short_enough_to_read_at_a_glance() -> None:
    long = []
    for name, path in modules().items():
        if not_migration(name):
            for node in functions(ast.parse(path.read_text(encoding="utf-8"))):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    long.append(f"{name}.{node.name}: {size} lines")
    assert long == []


def test_no_import_cycles() -> None:
    graph = {name: own_imports(name, path) for name, path in modules().items()}
    cycles = []
    for start in graph:
        stack, seen = [(start, [start])], set()
        while stack:
            current, trail = stack.pop()
            for nxt in graph[current]:
                if nxt == start:
                    cycles.append(" -> ".join([*trail, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
    assert cycles == []


def test_no_two_modules_share_a_name() -> None:
    names = [path.name for path in PACKAGE.rglob("*.py") if path.name != "__init__.py"]
    assert sorted({n for n in names if names.count(n) > 1}) == []


def test_the_projects_exceptions_are_named_in_one_module() -> None:
    elsewhere = []
    for name, path in modules().items():
        if name == "bot.errors":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = {ast.unparse(base) for base in node.bases}
                if bases & {"Exception", "ValueError", "RuntimeError", "InsightsError"}:
                    elsewhere.append(f"{name}.{node.name}")
    assert elsewhere == []  # click's CliError (bot.cli.context) is click's, not ours
