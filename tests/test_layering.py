"""The package's architecture, read from its imports (every ``import``, also
those inside functions and ``TYPE_CHECKING`` blocks): a folder per stage,
each importing only from the stages below it, no import cycle between
modules, and no module too long to read."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"

# Lowest first: a module may import from its own layer and the layers below.
LAYERS = [
    {"errors", "tei", "xmlio", "spans", "letters", "workers", "results"},  # the basics
    {"entities"},
    {"convert"},
    {"validation", "render"},
    {"edition"},
    {"serve"},
    {"cli"},
]
UNLAYERED = {"pipeline", "pipeline.__main__"}  # the package's face: may import anything
MAX_LINES = 400
LONG_MODULES: dict[str, str] = {}  # module -> why it may be longer (none so far)


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported(name: str, path: Path) -> set[str]:
    """The package's modules that module ``name`` imports: ``from X import Y``
    counts as module X.Y when there is one, else as X."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        found |= {target for target in targets if target in MODULES}
    return found - {name}


GRAPH = {name: _imported(name, path) for name, path in MODULES.items()}


def _layer(module: str) -> int | None:
    """The layer of a module: that of the folder (or basic module) it is in."""
    if module in UNLAYERED:
        return None
    top = module.split(".")[1]
    for rank, members in enumerate(LAYERS):
        if top in members:
            return rank
    raise AssertionError(f"{module}: in no layer; add its folder to LAYERS")


def test_every_module_is_in_a_layer() -> None:
    assert len(MODULES) > 20  # the walk found the package
    for module in MODULES:
        _layer(module)


def test_no_module_imports_from_a_layer_above_it() -> None:
    upward = []
    for module, imports in GRAPH.items():
        rank = _layer(module)
        if rank is None:
            continue
        for target in sorted(imports):
            above = _layer(target)
            if above is None or above > rank:
                upward.append(f"{module} -> {target}")
    assert upward == []


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle in ``graph``, as the modules along it; None if there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle() -> None:
    cycle = _cycle(GRAPH)
    assert cycle is None, " -> ".join(cycle or [])


def test_the_checks_see_what_they_look_for(tmp_path: Path) -> None:
    # Imports inside functions, relative imports and ``from X import module``
    # are all read; a cycle is found however it closes.
    source = tmp_path / "mod.py"
    source.write_text(
        "def f():\n    from pipeline.serve import client\n"
        "    from ..errors import PipelineError\n"
        "    import pipeline.tei\n"
    )
    assert _imported("pipeline.cli.mod", source) == {
        "pipeline.serve.client",
        "pipeline.errors",
        "pipeline.tei",
    }
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
    assert _layer("pipeline.cli.serve") > _layer("pipeline.serve.server")  # type: ignore[operator]


def test_modules_stay_short() -> None:
    long = {}
    for module, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_LINES and module not in LONG_MODULES:
            long[module] = lines
    assert long == {}, "split them, or say why in LONG_MODULES"
