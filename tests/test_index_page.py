"""The app's part of the page Streamlit serves: the style on every page, the page's
language, and on the map's address the start of loading its places
(storymap/ui/index_page.py)."""

from __future__ import annotations

import asyncio
import json
import logging
import urllib.request

import pytest

from storymap import layout, style
from storymap.assets import map_code
from storymap.load import DEFAULT_DATA_FOLDER
from storymap.ui import index_page
from tests.browser import driver

PAGE = (
    b"<!DOCTYPE html><html><head><title>Streamlit</title></head>"
    b'<body><div id="root"></div></body></html>'
)
DATA_URL = "/app/static/stories/0123abcd.json"


def test_the_stylesheet_is_the_apps_every_style_and_cannot_close_its_element():
    css = index_page.stylesheet()
    for part in (
        index_page.FRAME_STYLE.read_text(encoding="utf-8"),
        index_page.PANEL_STYLE.read_text(encoding="utf-8"),
        layout.LAYOUT_STYLE.read_text(encoding="utf-8"),
        layout.layout_variables(),
        style.legend_css(),
        style.media_css(),
    ):
        assert part in css
    assert "</style" not in css.lower()


@pytest.mark.parametrize(
    ("parameter", "accept_language", "language"),
    [
        (None, None, "en"),
        ("ja", "uk,en;q=0.5", "ja"),
        (" UK ", None, "uk"),
        ("xx", "zh-TW,en;q=0.5", "zh"),  # no such interface language: the browser's
        ("<script>", "fr-FR,ru;q=0.9", "ru"),
    ],
)
def test_the_pages_language_is_the_one_its_first_run_will_choose(
    parameter, accept_language, language
):
    assert index_page.request_language(parameter, accept_language) == language


def test_the_panels_code_is_found_in_the_installed_streamlit():
    code = index_page.panel_code()
    assert len(code) == len(index_page.PANEL_CODE)
    for address, name in zip(code, index_page.PANEL_CODE, strict=True):
        assert address.startswith(f"./static/js/{name}.") and address.endswith(".js")
        assert (index_page.STREAMLIT_SCRIPTS / address.rsplit("/", 1)[1]).is_file()


def test_a_map_page_starts_loading_the_places_recorded_for_its_language():
    index_page.record_map_data("en", DATA_URL)
    index_page.record_map_data("ja", "/app/static/stories/ja.json")

    added = index_page.additions_html(
        map_page=True, interface_parameter=None, accept_language="en-GB"
    )

    assert added.startswith(f"<style>{index_page.stylesheet()}</style>")
    assert '<script>document.documentElement.lang = "en";</script>' in added
    assert map_code("prefetch.js") in added
    # Once the page's own code has loaded.
    assert (
        "addEventListener('DOMContentLoaded', () => "
        f'startStoryLoading("storymapMapData", "{DATA_URL}"));' in added
    )
    assert "ja.json" not in added
    assert index_page.map_data_started(None, "en-GB") == DATA_URL
    # Once the map has drawn its places, the panel's code.
    assert map_code("panel_code.js") in added
    code = json.dumps(list(index_page.panel_code()))
    assert f';loadPanelCodeWhenCalled("storymapMapDrawn", {code});' in added


def test_no_places_are_started_where_none_are_recorded_or_on_another_page():
    index_page.record_map_data("en", DATA_URL)
    index_page.record_map_data("not a language", "/elsewhere.json")

    elsewhere = index_page.additions_html(
        map_page=False, interface_parameter=None, accept_language=None
    )
    unrecorded = index_page.additions_html(
        map_page=True, interface_parameter="uk", accept_language=None
    )

    for added in (elsewhere, unrecorded):
        assert "startStoryLoading" not in added
        assert added.startswith(f"<style>{index_page.stylesheet()}</style>")
    assert "loadPanelCodeWhenCalled(" not in elsewhere
    assert "loadPanelCodeWhenCalled(" in unrecorded
    assert '<script>document.documentElement.lang = "uk";</script>' in unrecorded
    assert index_page._map_data == {"en": DATA_URL}


def test_an_address_cannot_close_the_script():
    index_page.record_map_data("en", "/x.json?</script><script>alert(1)</script>")

    added = index_page.additions_html(map_page=True, interface_parameter=None, accept_language=None)

    assert "<script>alert(1)" not in added
    assert '"/x.json?\\u003c/script>\\u003cscript>alert(1)\\u003c/script>"' in added


# The middleware, with a stand-in for Streamlit that answers every request with ``answer``.


class _StandIn:
    def __init__(self, status=200, headers=None, chunks=(PAGE,)) -> None:
        self.status = status
        self.headers = (
            headers
            if headers is not None
            else [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(sum(map(len, chunks))).encode()),
                (b"etag", b'"streamlits"'),
                (b"last-modified", b"Mon, 30 Nov 2026 07:12:11 GMT"),
                (b"cache-control", b"no-cache"),
            ]
        )
        self.chunks = chunks
        self.asked: list[dict] = []

    async def __call__(self, scope, receive, send) -> None:
        self.asked.append(scope)
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        for number, chunk in enumerate(self.chunks):
            more = number < len(self.chunks) - 1
            await send({"type": "http.response.body", "body": chunk, "more_body": more})


def _ask(
    app, path: str, method: str = "GET", query: bytes = b"", headers=(), extensions=None
) -> tuple:
    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    async def receive() -> dict:
        return {"type": "http.request", "body": b""}

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": query,
        "headers": list(headers),
        "extensions": extensions or {},
    }
    asyncio.run(index_page.IndexPage(app)(scope, receive, send))
    start = sent[0]
    body = b"".join(message.get("body", b"") for message in sent[1:])
    return start["status"], dict(start["headers"]), body


def test_the_map_page_gets_the_additions_before_its_root_and_no_validators():
    index_page.record_map_data("ja", DATA_URL)
    stand_in = _StandIn()

    status, headers, body = _ask(
        stand_in, "/", query=b"place=kherson&ui=en&ui=ja", headers=[(b"accept-language", b"uk")]
    )

    added = index_page.additions_html(map_page=True, interface_parameter="ja", accept_language="uk")
    assert status == 200
    assert body == PAGE.replace(b'<div id="root">', added.encode() + b'<div id="root">')
    assert DATA_URL.encode() in body
    assert headers[b"content-length"] == str(len(body)).encode()
    assert b"etag" not in headers and b"last-modified" not in headers
    assert headers[b"cache-control"] == b"no-cache"
    assert headers[b"vary"] == b"Accept-Language"


def test_another_page_gets_the_style_and_not_the_places():
    index_page.record_map_data("en", DATA_URL)

    _, _, body = _ask(_StandIn(), "/timeline")

    assert index_page.stylesheet().encode() in body
    assert b"startStoryLoading" not in body


def test_a_page_is_asked_of_streamlit_whole_uncompressed_and_without_conditions():
    stand_in = _StandIn()
    kept = [(b"accept-language", b"en"), (b"user-agent", b"Mozilla/5.0")]
    left_out = [
        (b"if-none-match", b'"streamlits"'),
        (b"range", b"bytes=0-10"),
        (b"accept-encoding", b"gzip, deflate, br"),
    ]

    _ask(stand_in, "/timeline", headers=kept + left_out)

    assert stand_in.asked[0]["headers"] == kept


def test_a_page_is_asked_without_the_extension_that_would_send_it_from_its_file():
    stand_in = _StandIn()
    extensions = {"http.response.pathsend": {}, "http.response.trailers": {}}

    _ask(stand_in, "/", extensions=extensions)

    assert stand_in.asked[0]["extensions"] == {"http.response.trailers": {}}


@pytest.mark.parametrize(
    ("path", "map_page"),
    [("/story", True), ("/story/", True), ("/story/timeline", False)],
)
def test_under_a_base_address_its_root_is_the_map_page(path, map_page, monkeypatch):
    monkeypatch.setattr(index_page, "_base_path", lambda: "/story")
    index_page.record_map_data("en", DATA_URL)

    _, _, body = _ask(_StandIn(), path)

    assert index_page.stylesheet().encode() in body
    assert (DATA_URL.encode() in body) is map_page


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/component/storymap.ui.map_component.st_folium/index.html", "GET"),
        ("/static/js/index.js", "GET"),
        ("/app/static/stories/0123abcd.json", "GET"),
        ("/_stcore/health", "GET"),
        ("/timeline/_stcore/host-config", "GET"),
        ("/", "HEAD"),
        ("/", "POST"),
    ],
)
def test_anything_but_a_page_passes_as_it_came(path, method):
    stand_in = _StandIn()
    conditions = [(b"if-none-match", b'"streamlits"')]

    status, headers, body = _ask(stand_in, path, method=method, headers=conditions)

    assert (status, body) == (200, PAGE)
    assert headers == dict(stand_in.headers)
    assert stand_in.asked[0]["headers"] == conditions


@pytest.mark.parametrize(
    "stand_in",
    [
        _StandIn(status=304, chunks=(b"",)),
        _StandIn(status=206, chunks=(PAGE[:10],)),
        _StandIn(headers=[(b"content-type", b"application/json")]),
        _StandIn(headers=[(b"content-type", b"text/html"), (b"content-encoding", b"gzip")]),
    ],
    ids=["not modified", "part", "not HTML", "compressed"],
)
def test_an_answer_that_is_not_a_whole_plain_page_passes_as_it_came(stand_in):
    status, headers, body = _ask(stand_in, "/")

    assert status == stand_in.status
    assert headers == dict(stand_in.headers)
    assert body == b"".join(stand_in.chunks)


def test_a_page_in_several_parts_gets_the_additions_once():
    _, headers, body = _ask(_StandIn(chunks=(PAGE[:30], PAGE[30:70], PAGE[70:])), "/about")

    assert body.count(index_page.stylesheet().encode()) == 1
    assert body.startswith(b"<!DOCTYPE html><html><head><title>Streamlit</title></head><body>")
    assert body.endswith(b'</script>\n<div id="root"></div></body></html>')
    assert headers[b"content-length"] == str(len(body)).encode()


def test_a_page_larger_than_streamlits_passes_as_it_came(monkeypatch):
    monkeypatch.setattr(index_page, "MOST_PAGE_BYTES", 40)
    chunks = (PAGE[:30], PAGE[30:50], PAGE[50:])

    _, _, body = _ask(_StandIn(chunks=chunks), "/")

    assert body == PAGE


def test_a_page_without_a_root_is_passed_on_and_logged(caplog):
    page = b"<html><head></head><body>no root</body></html>"

    with caplog.at_level(logging.WARNING, logger=index_page.__name__):
        _, headers, body = _ask(_StandIn(chunks=(page,)), "/")

    assert body == page
    assert headers[b"etag"] == b'"streamlits"'
    assert 'no <div id="root">' in caplog.text


# A real server: Streamlit's own page, through app.py's App.


def _page_of(url: str, accept_language: str = "en") -> str:
    """The page at ``url``, asked for as a browser asks (which takes it compressed)."""
    asked = {"Accept-Language": accept_language, "Accept-Encoding": "gzip, deflate"}
    request = urllib.request.Request(url, headers=asked)
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.headers.get("Content-Encoding") is None
        return answer.read().decode("utf-8")


def test_a_servers_pages_have_the_style_and_its_map_page_the_places_of_its_first_run(tmp_path):
    with driver.running_server(
        "app.py", DEFAULT_DATA_FOLDER, extra_environment={"STORYMAP_CACHE_DIR": str(tmp_path)}
    ) as server:
        map_page = _page_of(server.url + "/?place=kherson")
        timeline = _page_of(server.url + "/timeline")
        in_japanese = _page_of(server.url + "/", accept_language="ja")

    style_element = f"<style>{index_page.stylesheet()}</style>"
    for page in (map_page, timeline, in_japanese):
        assert page.count(style_element) == 1
        assert page.index("</head>") < page.index(style_element) < page.index('<div id="root">')
    # The server's first run, at its start, showed the story in English.
    assert map_page.count('startStoryLoading("storymapMapData", "/app/static/stories/') == 1
    assert "startStoryLoading(" not in timeline
    assert "startStoryLoading(" not in in_japanese  # no run in Japanese yet
    assert 'document.documentElement.lang = "ja"' in in_japanese
