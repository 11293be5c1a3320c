"""The query string: a table of links and the view each one opens."""

import pytest

from storymap.view import (
    Notice,
    ViewContext,
    ViewState,
    default_names_language,
    names_language,
    query_from_view,
    share_url,
    view_from_query,
    window_of,
    with_window,
)
from storymap.window import TimeWindow

CONTEXT = ViewContext(
    place_ids=frozenset({"port-arthur", "portsmouth", "kherson", "kuril-islands"}),
    event_places={
        "attack-1904": "port-arthur",
        "treaty-1905": "portsmouth",
        "capture-1945": "kuril-islands",
    },
    event_years={
        "attack-1904": (1904, 1904),
        "treaty-1905": (1905, 1905),
        "capture-1945": (1945, 1945),
    },
    span=TimeWindow(1855, 2022),
    languages=frozenset({"en", "ja", "ru", "zh", "uk"}),
)
WHOLE_MAP = "The link's place is not valid; showing the whole map."


@pytest.mark.parametrize(
    ("query", "view", "notices"),
    [
        ({}, ViewState(), []),
        ({"place": "kherson"}, ViewState("kherson"), []),
        ({"place": ""}, ViewState(), []),
        ({"place": ["portsmouth", "kherson"]}, ViewState("kherson"), []),
        (
            {"place": "atlantis"},
            ViewState(),
            ["No place “atlantis” in this story; showing the whole map."],
        ),
        ({"place": "Kherson"}, ViewState("kherson"), []),
        ({"place": " kherson "}, ViewState("kherson"), []),
        ({"place": "Kherson City"}, ViewState(), [WHOLE_MAP]),
        ({"place": "<script>alert(1)</script>"}, ViewState(), [WHOLE_MAP]),
        ({"place": "a" * 10_000}, ViewState(), [WHOLE_MAP]),
        ({"other": "x"}, ViewState(), []),
        ({"place": "Херсон"}, ViewState(), [WHOLE_MAP]),  # names are not ids
        ({"place": "kherson\u200b"}, ViewState(), [WHOLE_MAP]),
        ({"place": "[a](javascript:alert(1))"}, ViewState(), [WHOLE_MAP]),
        # the time window
        (
            {"place": "kuril-islands", "from": "1940", "to": "1960"},
            ViewState("kuril-islands", year_from=1940, year_to=1960),
            [],
        ),
        ({"from": "1855", "to": "2022"}, ViewState(), []),
        ({"from": "1904"}, ViewState(year_from=1904), []),
        ({"to": "1905"}, ViewState(year_to=1905), []),
        (
            {"from": "1960", "to": "1940"},
            ViewState(year_from=1940, year_to=1960),
            ["The years were the wrong way round; showing 1940–1960."],
        ),
        (
            {"from": "1800", "to": "1900"},
            ViewState(year_to=1900),
            ["The story runs from 1855 to 2022; showing 1855–1900."],
        ),
        ({"from": "-50"}, ViewState(), ["The story runs from 1855 to 2022; showing 1855–2022."]),
        (
            {"from": "3000", "to": "4000"},
            ViewState(),
            ["The story runs from 1855 to 2022; showing all of it."],
        ),
        (
            {"from": "999999999"},
            ViewState(year_from=2022),
            [
                "The years were the wrong way round; showing 2022–999999999.",
                "The story runs from 1855 to 2022; showing 2022–2022.",
            ],
        ),
        (
            {"from": "nineteen-forty"},
            ViewState(),
            ["“from” must be a year such as 1904; it is ignored."],
        ),
        ({"to": "1e3"}, ViewState(), ["“to” must be a year such as 1904; it is ignored."]),
        ({"from": "<b>1</b>"}, ViewState(), ["“from” must be a year such as 1904; it is ignored."]),
        (
            {"from": ["1900", "1940"], "to": ["1950", "1960"]},
            ViewState(year_from=1940, year_to=1960),
            [],
        ),
        (
            {"from": "1" * 10_000},
            ViewState(),
            ["“from” must be a year such as 1904; it is ignored."],
        ),
        (
            {"to": "-99999999999999999999"},
            ViewState(),
            ["“to” must be a year such as 1904; it is ignored."],
        ),
        ({"from": "١٩٠٤"}, ViewState(year_from=1904), []),  # Arabic-Indic digits
        # the tour
        ({"event": "attack-1904"}, ViewState("port-arthur", event="attack-1904"), []),
        (
            {"event": "attack-1904", "place": "kherson"},
            ViewState("port-arthur", event="attack-1904"),
            [],
        ),
        (
            {"event": "capture-1945", "from": "1900", "to": "1910"},
            ViewState("kuril-islands", event="capture-1945", year_from=1900, year_to=1945),
            ["The tour's event lies outside the years asked for; showing 1900–1945."],
        ),
        (
            {"event": "no-such-event"},
            ViewState(),
            ["No event “no-such-event” in this story; the tour is not started."],
        ),
        (
            {"event": "\u202e<img>"},
            ViewState(),
            ["The link's event is not valid; the tour is not started."],
        ),
        # languages
        ({"lang": "ja"}, ViewState(language="ja"), []),
        # English names asked for are kept: without them the names follow the interface.
        ({"lang": "en"}, ViewState(language="en"), []),
        ({"ui": "ja"}, ViewState(interface="ja"), []),
        ({"ui": "JA "}, ViewState(interface="ja"), []),
        ({"ui": "fr"}, ViewState(), ["The app does not speak “fr”; it speaks en, ru, uk, ja, zh."]),
        ({"ui": "<b>"}, ViewState(), ["The link's interface language is not valid."]),
        (
            {"lang": "fr"},
            ViewState(),
            ["No names in the language “fr”; showing the default names."],
        ),
        ({"lang": "JA"}, ViewState(language="ja"), []),
        (
            {"lang": "japanese"},
            ViewState(),
            ["The link's language is not valid; showing the default names."],
        ),
        (
            {"lang": "日本語"},
            ViewState(),
            ["The link's language is not valid; showing the default names."],
        ),
        (
            {"lang": "<script>"},
            ViewState(),
            ["The link's language is not valid; showing the default names."],
        ),
        (
            {"place": "kuril-islands", "from": "1940", "to": "1960", "lang": "ja"},
            ViewState("kuril-islands", year_from=1940, year_to=1960, language="ja"),
            [],
        ),
    ],
)
def test_view_from_query(query, view, notices):
    assert view_from_query(query, CONTEXT) == (view, [Notice(text) for text in notices])


@pytest.mark.parametrize(
    "view",
    [
        ViewState(),
        ViewState("kherson"),
        ViewState("kuril-islands", year_from=1940, year_to=1960, language="ja"),
        ViewState("port-arthur", event="attack-1904"),
        ViewState("portsmouth", event="treaty-1905", year_from=1900, language="ru"),
        ViewState(year_to=1950),
    ],
)
def test_a_view_survives_the_round_trip_through_the_query_string(view):
    assert view_from_query(query_from_view(view), CONTEXT) == (view, [])


def test_the_query_names_the_event_not_the_place_during_a_tour():
    assert query_from_view(ViewState("port-arthur", event="attack-1904", language="ja")) == {
        "event": "attack-1904",
        "lang": "ja",
    }


@pytest.mark.parametrize(
    ("view", "interface", "names"),
    [
        (ViewState(), "en", "en"),
        (ViewState(), "ja", "ja"),  # the names follow the interface
        (ViewState(), "ko", "en"),  # a language the story has no names in: English
        (ViewState(language="en"), "ja", "en"),  # the link's language comes first
        (ViewState(language="ru"), "ja", "ru"),
    ],
)
def test_the_names_language(view, interface, names):
    assert names_language(view, CONTEXT.languages, interface) == names
    if view.language is None:
        assert default_names_language(CONTEXT.languages, interface) == names


def test_the_window_defaults_to_the_story_span():
    assert window_of(ViewState(), CONTEXT.span) == TimeWindow(1855, 2022)
    assert window_of(ViewState(year_to=1950), CONTEXT.span) == TimeWindow(1855, 1950)
    assert with_window(ViewState(), TimeWindow(1855, 2022), CONTEXT.span) == ViewState()
    assert with_window(ViewState(), TimeWindow(1900, 2022), CONTEXT.span) == ViewState(
        year_from=1900
    )


@pytest.mark.parametrize(
    ("base", "view", "url"),
    [
        ("http://localhost:8501/", ViewState("kherson"), "http://localhost:8501/?place=kherson"),
        ("http://localhost:8501", ViewState("kherson"), "http://localhost:8501/?place=kherson"),
        (
            "https://x.streamlit.app/?place=portsmouth",
            ViewState("kherson"),
            "https://x.streamlit.app/?place=kherson",
        ),
        ("https://x.streamlit.app/#top", ViewState(), "https://x.streamlit.app/"),
        (
            "http://localhost:8501/map?place=tokyo",
            ViewState("kherson"),
            "http://localhost:8501/?place=kherson",
        ),
        (
            "https://example.org/story/map",
            ViewState("kherson"),
            "https://example.org/story/?place=kherson",
        ),
        (
            "http://h/",
            ViewState("kuril-islands", year_from=1940, year_to=1960, language="ja"),
            "http://h/?place=kuril-islands&from=1940&to=1960&lang=ja",
        ),
        (
            "http://h/",
            ViewState("kherson", language="en", interface="ja"),
            "http://h/?place=kherson&lang=en&ui=ja",
        ),
    ],
)
def test_share_url(base, view, url):
    assert share_url(base, view) == url
