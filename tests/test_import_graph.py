"""The package's import graph has no cycles and no upward imports (scripts/import_graph.py).

Beside tests/test_layering.py, which keeps Streamlit out of the logic modules, this keeps
the logic from depending on the Streamlit glue or the app, and the modules from
importing each other in a circle.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT

SCRIPT = PROJECT_ROOT / "scripts" / "import_graph.py"


def run_script(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def graph_of(output: str) -> dict[str, set[str]]:
    """The ``module -> imports`` lines of the script's output."""
    graph = {}
    for line in output.splitlines():
        if " -> " in line and not line.startswith(" "):
            module, imported = line.split(" -> ")
            graph[module] = set() if imported == "(nothing)" else set(imported.split(", "))
    return graph


def write_package(root: Path, modules: dict[str, str]) -> None:
    """A ``storymap`` package under ``root``: {path inside it: source}."""
    for name, source in {"__init__.py": "", **modules}.items():
        path = root / "storymap" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")


def test_the_package_has_no_cycles_and_no_upward_imports():
    result = run_script()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cycles: none" in result.stdout.splitlines()
    assert "upward imports: none" in result.stdout.splitlines()
    graph = graph_of(result.stdout)
    assert {"storymap.loaded_story", "storymap.style"} <= graph["storymap.chart"]
    assert "storymap.model" in graph["storymap.loaded_story"]
    assert "storymap.dates" in graph["storymap.window"]
    assert "storymap.ui.keys" in graph["storymap.ui.address"]
    # The rules depend on nothing else but the catalogs their words are translated from.
    assert graph["storymap.schema"] == {"storymap.i18n"}
    modules = {
        ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (PROJECT_ROOT / "storymap").rglob("*.py")
    }
    assert set(graph) == modules


def test_a_cycle_and_upward_imports_are_reported_and_fail(tmp_path):
    write_package(
        tmp_path,
        {
            "model.py": "from storymap import view\n",
            "view.py": "import storymap.window\n",
            "window.py": "def first():\n    from storymap.model import Story\n",
            "load.py": "from storymap.ui.keys import KEY\nfrom app import main\n",
            "ui/__init__.py": "from . import keys\n",
            "ui/keys.py": "from ..model import Story\nfrom pages import timeline\n",
        },
    )
    result = run_script("--root", str(tmp_path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert graph_of(result.stdout)["storymap.ui"] == {"storymap.ui.keys"}
    assert graph_of(result.stdout)["storymap.ui.keys"] == {"storymap.model"}
    assert "cycles: 1" in lines
    assert "  storymap.model -> storymap.view -> storymap.window -> storymap.model" in lines
    assert "upward imports: 3" in lines
    assert "  storymap.load imports storymap.ui.keys" in lines
    assert "  storymap.load imports app" in lines
    assert "  storymap.ui.keys imports pages" in lines


def test_the_lines_table_counts_each_modules_lines_and_imports(tmp_path):
    write_package(
        tmp_path,
        {
            "model.py": '"""Records."""\n\nfrom storymap import window\n',
            "window.py": "FIRST = 1\n",
        },
    )
    result = run_script("--root", str(tmp_path), "--lines")
    assert result.returncode == 0
    table = result.stdout.split("\n\n")[-1]  # after the graph and its report
    rows = [line.split() for line in table.splitlines()]
    assert rows[0] == ["module", "lines", "imports", "imported", "by"]
    assert rows[1:] == [
        ["storymap", "0", "0", "0"],
        ["storymap.model", "3", "1", "0"],
        ["storymap.window", "1", "0", "1"],
        ["total", "4"],
    ]
