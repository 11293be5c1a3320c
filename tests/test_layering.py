"""The logic package stays free of Streamlit: only the UI module may import it."""

import ast

import pytest

from tests.conftest import PROJECT_ROOT

MODULES = sorted((PROJECT_ROOT / "storymap").glob("*.py"))


@pytest.mark.parametrize(
    "module", [m for m in MODULES if m.name != "ui.py"], ids=lambda module: module.name
)
def test_logic_modules_do_not_import_streamlit(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not imported & {"streamlit", "streamlit_folium"}
