"""What the app adds to the page Streamlit serves: its stylesheet on every page, the
page's language, and on the map's address the start of loading the map's places and,
once the map has drawn its places, the loading of the panel's code (PANEL_CODE).

The style and the loading used to be elements of each page's run (st.html). Each such
element is drawn by code the page loads only when it first meets one (Streamlit's Html
element and its sanitizer), and the map's frame waited while the page loaded and drew
them: on the default story, the map's frame came about 0.1 s after the map's element,
against 0.06 s for a plain folium app (benchmarks/analysis.md). In the served page
instead, the page is styled from its first paint and the places are on their way
before the first run has started, with no element drawn for either.

``IndexPage``, an ASGI middleware of app.py's App, inserts them into Streamlit's index
page, the answer to every page's address, just before the element Streamlit's code
draws the app into: after the page's head, where Streamlit's own styles go, so that
the app's rules win over Streamlit's as they did as elements. The places are those of
the story the reader's first run will show: the folder's story, in the interface
language that the address (``ui``) or the browser's languages ask for, whose address a
map page's run has recorded (``record_map_data``); none recorded yet, nothing is
started and the page's run starts it (storymap.ui.map_view). They are asked for once
the page's own code has loaded (DOMContentLoaded), not sooner: at 10,000 places they
are megabytes, which would hold that code back.

The page is no longer cached by its validators: each answer is made afresh, and a
browser never keeps one whose style is out of date.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

from streamlit import config

from storymap import layout, style
from storymap.assets import map_code
from storymap.i18n import INTERFACE_LANGUAGES, language_from_browser
from storymap.map_prefetch import DATA_STORE, MAP_DRAWN_HOOK
from storymap.view import INTERFACE_PARAMETER

_LOGGER = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

STYLE_FOLDER = Path(__file__).resolve().parent.parent
FRAME_STYLE = STYLE_FOLDER / "frame.css"  # every page's frame
PANEL_STYLE = STYLE_FOLDER / "panel.css"  # the panel, the timeline and the tables' text

# The code of the elements that the rest of a reader's first map draws first, once the
# map has drawn (storymap.ui.map_first): the panel's text (Streamlit's Html element, and
# the sanitizer it loads) and its buttons. Loaded once the map's frame has drawn its
# places (storymap/static/panel_code.js), it is there when the panel comes, which is then
# drawn at once instead of after the controls' thirty files. Found by name in the
# installed Streamlit, whose files' names change with each release.
PANEL_CODE = ("Html", "purify.es", "Button")
STREAMLIT_SCRIPTS = Path(config.__file__).resolve().parent / "static" / "static" / "js"

# Where the app's part goes: before the element Streamlit's code draws the app into.
INSERT_BEFORE = b'<div id="root">'
# Streamlit's index page is 8 KB: a larger answer is not it, and is passed on as it is.
MOST_PAGE_BYTES = 1_000_000
# Asked of a page, these would have Streamlit answer with part of it, with "not
# modified" to a browser that kept a copy made before these additions, or compressed
# (Streamlit compresses every page but its first), which could not be added to.
_LEFT_OUT_OF_ASKS = frozenset(
    {b"if-none-match", b"if-modified-since", b"range", b"if-range", b"accept-encoding"}
)
# A copy's validators, left out of the answer: the additions change where Streamlit's
# page does not (a new story, a new stylesheet).
_VALIDATORS = frozenset({b"etag", b"last-modified", b"content-length", b"accept-ranges"})

# The address of the folder's story's places, by interface language, as map pages'
# runs last saw it. At most one per interface language.
_map_data: dict[str, str] = {}


@functools.cache
def stylesheet() -> str:
    """The app's style: every page's frame, the panel's and the map page's layout."""
    return "\n".join(
        (
            FRAME_STYLE.read_text(encoding="utf-8"),
            PANEL_STYLE.read_text(encoding="utf-8"),
            style.legend_css(),
            style.media_css(),
            layout.layout_variables(),
            layout.LAYOUT_STYLE.read_text(encoding="utf-8"),
        )
    )


@functools.cache
def panel_code() -> tuple[str, ...]:
    """The addresses of PANEL_CODE's files, relative to a page as Streamlit's page gives
    its own; a name that matches no single file is left out."""
    found = []
    for name in PANEL_CODE:
        files = sorted(STREAMLIT_SCRIPTS.glob(f"{name}.*.js"))
        if len(files) == 1:
            found.append(f"./static/js/{files[0].name}")
    return tuple(found)


def record_map_data(language: str, url: str) -> None:
    """The folder's story's places in ``language`` are at ``url`` (a map page's run)."""
    if language in INTERFACE_LANGUAGES:
        _map_data[language] = url


def request_language(interface_parameter: str | None, accept_language: str | None) -> str:
    """The interface language of a page whose address has ``ui=interface_parameter``
    and whose browser sent ``accept_language``, as its first run will choose it
    (storymap.ui.interface), but for the browser's own language setting, which only the
    page's code knows: the Accept-Language header's first choice, nearly always."""
    asked = (interface_parameter or "").strip().lower()
    return asked if asked in INTERFACE_LANGUAGES else language_from_browser(None, accept_language)


def map_data_started(interface_parameter: str | None, accept_language: str | None) -> str | None:
    """The address of the places a served map page starts loading (additions_html)."""
    return _map_data.get(request_language(interface_parameter, accept_language))


def additions_html(
    map_page: bool, interface_parameter: str | None, accept_language: str | None
) -> str:
    """What goes into the page: the style, the page's language (which its first run
    marks too, but on a reader's first map only once the map has drawn), and on the
    map's page, the start of loading its places and, once they are drawn, the panel's
    code."""
    language = request_language(interface_parameter, accept_language)
    parts = [
        f"<style>{stylesheet()}</style>",
        # One of INTERFACE_LANGUAGES' keys, never text from the request.
        f"<script>document.documentElement.lang = {json.dumps(language)};</script>",
    ]
    if not map_page:
        return "\n".join(parts) + "\n"
    code = json.dumps([MAP_DRAWN_HOOK, list(panel_code())])[1:-1].replace("<", "\\u003c")
    parts.append(
        f"<script>\n{map_code('panel_code.js')}\n;loadPanelCodeWhenCalled({code});\n</script>"
    )
    data_url = _map_data.get(language)
    if data_url:
        # As JSON, "<" written \u003c: nothing in the address can close the script.
        arguments = json.dumps([DATA_STORE, data_url])[1:-1].replace("<", "\\u003c")
        parts.append(
            f"<script>\n{map_code('prefetch.js')}\n;addEventListener('DOMContentLoaded', "
            f"() => startStoryLoading({arguments}));\n</script>"
        )
    return "\n".join(parts) + "\n"


class IndexPage:
    """ASGI middleware: the app's additions in every answer that is Streamlit's index
    page."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        page = _page_address(scope)
        if page is None:
            await self.app(scope, receive, send)
            return
        headers = [
            (name, value)
            for name, value in scope.get("headers", ())
            if name not in _LEFT_OUT_OF_ASKS
        ]
        additions = additions_html(
            map_page=page in ("", "/"),
            interface_parameter=_query_parameter(
                scope.get("query_string", b""), INTERFACE_PARAMETER
            ),
            accept_language=_header(headers, b"accept-language"),
        ).encode("utf-8")
        # Without the extension that sends a file's body from its path, which would come
        # after a start this middleware holds back.
        extensions = {
            name: value
            for name, value in scope.get("extensions", {}).items()
            if name != "http.response.pathsend"
        }
        asked = {**scope, "headers": headers, "extensions": extensions}
        await self.app(asked, receive, _Inserter(send, additions).send)


class _Inserter:
    """Holds an answer back until its whole body is in, then sends it with ``additions``
    inserted, if it is an HTML page; any other answer goes out as it came."""

    def __init__(self, send: Send, additions: bytes) -> None:
        self._send = send
        self._additions = additions
        self._start: Message | None = None
        self._body: list[bytes] = []
        self._size = 0

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            if _is_a_whole_html_page(message):
                self._start = message
                return
        elif message["type"] == "http.response.body" and self._start is not None:
            self._body.append(message.get("body", b""))
            self._size += len(self._body[-1])
            if message.get("more_body", False) and self._size <= MOST_PAGE_BYTES:
                return
            await self._send_page(more_body=message.get("more_body", False))
            return
        await self._send(message)

    async def _send_page(self, more_body: bool) -> None:
        start, body = self._start, b"".join(self._body)
        assert start is not None
        self._start, self._body = None, []
        if not more_body and INSERT_BEFORE in body:
            body = body.replace(INSERT_BEFORE, self._additions + INSERT_BEFORE, 1)
            headers = [(name, value) for name, value in start["headers"] if name not in _VALIDATORS]
            # The additions follow the browser's languages: a cache keeps one per set.
            headers += [(b"content-length", str(len(body)).encode()), (b"vary", b"Accept-Language")]
            start = {**start, "headers": headers}
        elif not more_body:
            _LOGGER.warning(
                "Streamlit's page has no %s: served without the app's style",
                INSERT_BEFORE.decode(),
            )
        await self._send(start)
        await self._send({"type": "http.response.body", "body": body, "more_body": more_body})


def _page_address(scope: Scope) -> str | None:
    """The address of the page asked for, below the app's own, if ``scope`` asks for one
    of the app's pages; None for anything else (a file, an API, a component's frame)."""
    if scope["type"] != "http" or scope.get("method") != "GET":
        return None
    path = scope.get("path", "")
    for root in (scope.get("root_path", ""), _base_path()):
        if root and (path == root or path.startswith(root + "/")):
            path = path[len(root) :]
    # The app's pages have no dot in their last part; Streamlit's files, the story's
    # files and a component's page all do. Its APIs are under _stcore.
    if "." in path.rsplit("/", 1)[-1] or "/_stcore/" in path:
        return None
    return path


def _base_path() -> str:
    """The app's own address below the server's (server.baseUrlPath), as "/base"; ""."""
    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def _query_parameter(query: bytes, name: str) -> str | None:
    """The last value of ``name`` in a query string, as st.query_params gives it."""
    found = None
    for item in query.decode("latin-1").split("&"):
        key, _, value = item.partition("=")
        if unquote_plus(key) == name:
            found = unquote_plus(value)
    return found


def _is_a_whole_html_page(start: Message) -> bool:
    if start.get("status") != 200:
        return False
    content_type = _header(start.get("headers", ()), b"content-type") or ""
    encoded = _header(start.get("headers", ()), b"content-encoding")
    return content_type.startswith("text/html") and encoded in (None, "identity")


def _header(headers: Any, wanted: bytes) -> str | None:
    for name, value in headers:
        if name.lower() == wanted:
            return value.decode("latin-1")
    return None
