"""The logic package stays free of Streamlit: only the storymap.ui package may import it."""

import ast

import pytest

from tests.conftest import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "storymap"
# Every module of the package, at any depth.
MODULES = sorted(PACKAGE.rglob("*.py"))
UI = PACKAGE / "ui"


@pytest.mark.parametrize(
    "module",
    [module for module in MODULES if UI not in module.parents],
    ids=lambda module: str(module.relative_to(PACKAGE)),
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


def test_the_ui_package_is_where_streamlit_is_used():
    assert (UI / "__init__.py").is_file()
    assert len([module for module in MODULES if UI not in module.parents]) > 20
