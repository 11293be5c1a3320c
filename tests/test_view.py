import pytest

from storymap.view import Notice, ViewState, query_from_view, share_url, view_from_query

PLACES = frozenset({"port-arthur", "portsmouth", "kherson", "kuril-islands"})


@pytest.mark.parametrize(
    ("query", "view", "notices"),
    [
        ({}, ViewState(), []),
        ({"place": "kherson"}, ViewState("kherson"), []),
        ({"place": "kuril-islands"}, ViewState("kuril-islands"), []),
        ({"place": ""}, ViewState(), []),
        ({"place": ["portsmouth", "kherson"]}, ViewState("kherson"), []),
        ({"place": "atlantis"}, ViewState(),
         [Notice("No place “atlantis” in this story; showing the whole map.")]),
        ({"place": "Kherson"}, ViewState(),
         [Notice("The link's place is not valid; showing the whole map.")]),
        ({"place": "<script>alert(1)</script>"}, ViewState(),
         [Notice("The link's place is not valid; showing the whole map.")]),
        ({"place": "a" * 10_000}, ViewState(),
         [Notice("The link's place is not valid; showing the whole map.")]),
        ({"other": "x"}, ViewState(), []),
    ],
)
def test_view_from_query(query, view, notices):
    assert view_from_query(query, PLACES) == (view, notices)


@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_view_survives_the_round_trip_through_the_query_string(place):
    view = ViewState(place)
    assert view_from_query(query_from_view(view), PLACES) == (view, [])


@pytest.mark.parametrize(
    ("base", "view", "url"),
    [
        ("http://localhost:8501/", ViewState("kherson"), "http://localhost:8501/?place=kherson"),
        ("https://x.streamlit.app/?place=portsmouth", ViewState("kherson"),
         "https://x.streamlit.app/?place=kherson"),
        ("https://x.streamlit.app/#top", ViewState(), "https://x.streamlit.app/"),
        ("http://localhost:8501/map?place=tokyo", ViewState("kherson"),
         "http://localhost:8501/?place=kherson"),
        ("https://example.org/story/map", ViewState("kherson"),
         "https://example.org/story/?place=kherson"),
    ],
)
def test_share_url(base, view, url):
    assert share_url(base, view) == url
