"""The view state and its query string: the one place that knows the URL format.

A link such as ``/?place=kherson`` opens the dashboard with Kherson selected. Reading
never fails: a value that names nothing gives the default view and a notice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from storymap.schema import SLUG_PATTERN

PLACE_PARAMETER = "place"
_SLUG = re.compile(rf"^{SLUG_PATTERN}$")
_MAX_ECHO = 60  # longer values are not repeated back in a notice


@dataclass(frozen=True)
class ViewState:
    """What the reader is looking at."""

    place: str | None = None


@dataclass(frozen=True)
class Notice:
    """Something about the link the reader should know; plain text, never markup."""

    message: str


def view_from_query(
    query: Mapping[str, str | list[str]], place_ids: set[str] | frozenset[str]
) -> tuple[ViewState, list[Notice]]:
    """The view a query string asks for, and notices for what could not be honoured."""
    notices: list[Notice] = []
    place = _last(query.get(PLACE_PARAMETER))
    if place is None or place == "":
        return ViewState(), notices
    if place in place_ids:
        return ViewState(place=place), notices
    if _SLUG.match(place) and len(place) <= _MAX_ECHO:
        notices.append(Notice(f"No place “{place}” in this story; showing the whole map."))
    else:
        notices.append(Notice("The link's place is not valid; showing the whole map."))
    return ViewState(), notices


def query_from_view(view: ViewState) -> dict[str, str]:
    """The query parameters that reopen ``view``; empty for the default view."""
    return {PLACE_PARAMETER: view.place} if view.place else {}


def share_url(page_url: str, view: ViewState, page_path: str = "map") -> str:
    """The canonical link to ``view``: the app's root address and the view's query.

    ``page_url`` is the address the map page is open at; Streamlit shows the default
    page at the root (``/``) or at its own path (``/map``), and the root is shorter.
    """
    base = page_url.split("?", 1)[0].split("#", 1)[0]
    if base.endswith("/" + page_path):
        base = base[: -len(page_path)]
    query = urlencode(query_from_view(view))
    return f"{base}?{query}" if query else base


def _last(value: str | list[str] | None) -> str | None:
    # A repeated key (?place=a&place=b) means the last one, as browsers' forms do.
    if isinstance(value, list):
        return value[-1] if value else None
    return value
