"""streamlit-folium's map component, declared without importing streamlit-folium.

Importing the package imports folium, branca and their templates (about 0.7 s): the
first page of a server whose map is rendered already (storymap.map_parts) needs only
the component, which is the package's built browser files. So it is declared here
from the same files; storymap.ui.map_rendering gives it what ``st_folium`` would.
(Calling any such component still imports pyarrow and numpy, about 75 ms: Streamlit's
own doing.)
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from typing import Any

import streamlit.components.v1 as components

# The component's browser files, inside the installed package.
FRONTEND_FOLDER = ("frontend", "build")
# Its name in the page (the map frame's title, its files' address): Streamlit puts the
# declaring module's name before the one given.
NAME = "st_folium"
FULL_NAME = f"{__name__}.{NAME}"


def frontend_path() -> Path:
    """Where streamlit-folium keeps its component's built browser files; found without
    running the package's code."""
    spec = importlib.util.find_spec("streamlit_folium")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("streamlit_folium is not installed")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*FRONTEND_FOLDER)


@functools.cache
def map_component() -> Any:
    """The component, declared once per process: from the first run that draws a map,
    as Streamlit registers a component only while a script runs."""
    return components.declare_component(NAME, path=str(frontend_path()))
