"""The import graph of the storymap package: which of its modules each module imports.

Prints one line per module (``module -> the storymap modules it imports``), then its
cycles and its upward imports, and exits 1 if there is either:

- a cycle: modules that import each other, directly or through others, so that which
  one runs first depends on which is imported first;
- an upward import: a logic module (one outside ``storymap.ui``) importing
  ``storymap.ui``, or any module of the package importing the app (``app``, ``pages``).
  The pages and the Streamlit glue build on the logic, never the other way round.

Every import counts, at the top of a module or inside a function. ``--lines`` adds a
table of each module's lines and its imports both ways. Run it with ``make graph``.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

PACKAGE = "storymap"
UI = f"{PACKAGE}.ui"
APP_MODULES = ("app", "pages")  # the Streamlit app around the package

Graph = dict[str, set[str]]


def module_files(root: Path) -> dict[str, Path]:
    """Each module of the package under ``root``, by its dotted name."""
    files = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        files[".".join(parts)] = path
    return files


def imported_names(module: str, path: Path) -> set[str]:
    """Every dotted name ``module`` imports: ``a.b`` for ``import a.b`` and for
    ``from a import b`` (which names a module or something in ``a``), relative imports
    resolved."""
    is_package = path.name == "__init__.py"
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module.split(".")
                package = package[: len(package) - node.level + (1 if is_package else 0)]
                base = ".".join(package + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def resolved(name: str, modules: set[str]) -> str | None:
    """The package's module that importing ``name`` runs: the longest module it names."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


def import_graph(root: Path) -> tuple[Graph, dict[str, set[str]]]:
    """The package's modules, each with the package modules it imports; and each
    module's imports of the app (``app``, ``pages``)."""
    files = module_files(root)
    graph: Graph = {}
    app_imports: dict[str, set[str]] = {}
    for module, path in files.items():
        names = imported_names(module, path)
        targets = {resolved(name, set(files)) for name in names}
        graph[module] = {target for target in targets if target and target != module}
        app_imports[module] = {
            name.split(".")[0] for name in names if name.split(".")[0] in APP_MODULES
        }
    return graph, app_imports


def cycles(graph: Graph) -> list[list[str]]:
    """The cycles a depth-first walk meets, each a path of imports that ends where it
    starts. A graph with any cycle has one the walk meets."""
    found: list[list[str]] = []
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> None:
        path.append(module)
        for target in sorted(graph[module]):
            if target in path:
                found.append([*path[path.index(target) :], target])
            elif target not in done:
                visit(target)
        path.pop()
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            visit(module)
    return found


def upward_imports(graph: Graph, app_imports: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(importer, imported) for each logic module importing the Streamlit glue, and each
    module importing the app."""
    found = [
        (module, target)
        for module, targets in graph.items()
        if not _in_ui(module)
        for target in targets
        if _in_ui(target)
    ]
    found += [(module, name) for module, names in app_imports.items() for name in names]
    return sorted(found)


def report(graph: Graph, app_imports: dict[str, set[str]]) -> tuple[list[str], bool]:
    """The graph, its cycles and its upward imports as lines; and whether it is clean."""
    lines = [
        f"{module} -> {', '.join(sorted(graph[module])) or '(nothing)'}" for module in sorted(graph)
    ]
    edges = sum(len(targets) for targets in graph.values())
    found_cycles = cycles(graph)
    upward = upward_imports(graph, app_imports)
    lines += [
        "",
        f"{len(graph)} modules, {edges} imports between them",
        f"cycles: {len(found_cycles) or 'none'}",
        *(f"  {' -> '.join(cycle)}" for cycle in found_cycles),
        f"upward imports: {len(upward) or 'none'}",
        *(f"  {module} imports {target}" for module, target in upward),
    ]
    return lines, not found_cycles and not upward


def lines_table(graph: Graph, files: dict[str, Path]) -> list[str]:
    """Each module's lines, the modules it imports and the modules that import it."""
    imported_by = dict.fromkeys(graph, 0)
    for targets in graph.values():
        for target in targets:
            imported_by[target] += 1
    counts = {
        module: len(files[module].read_text(encoding="utf-8").splitlines()) for module in graph
    }
    width = max(len(module) for module in graph)
    rows = [f"{'module':<{width}}  {'lines':>5}  {'imports':>7}  {'imported by':>11}"]
    rows += [
        f"{module:<{width}}  {counts[module]:>5}  {len(graph[module]):>7}  "
        f"{imported_by[module]:>11}"
        for module in sorted(graph)
    ]
    rows.append(f"{'total':<{width}}  {sum(counts.values()):>5}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", action="store_true", help="add a table of lines per module")
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="the folder that holds the storymap package (default: this project)",
    )
    arguments = parser.parse_args(argv)
    graph, app_imports = import_graph(arguments.root)
    if not graph:
        print(f"no {PACKAGE} package in {arguments.root}", file=sys.stderr)
        return 2
    lines, clean = report(graph, app_imports)
    if arguments.lines:
        lines += ["", *lines_table(graph, module_files(arguments.root))]
    print("\n".join(lines))
    return 0 if clean else 1


def _in_ui(module: str) -> bool:
    return module == UI or module.startswith(f"{UI}.")


if __name__ == "__main__":
    sys.exit(main())
