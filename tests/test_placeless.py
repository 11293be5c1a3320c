"""Events without a place: kept in the story, never on the map, shown everywhere else.

An event whose ``place_id`` is empty is in ``Story.events`` and the tour, has a row of
its own on the timeline, and is listed under the map; it is no marker, draws no arc and
is in no place's events. A story may have no places at all.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from storymap.assets import MapAssets
from storymap.chart import WITHOUT_A_PLACE_ROW, timeline_chart, timeline_frame
from storymap.dates import parse_span
from storymap.downloads import story_geojson
from storymap.export import standalone_html
from storymap.folium_map import build_base_map, link_arcs
from storymap.framing import MAX_ZOOM, overview_max_zoom
from storymap.load import load_story
from storymap.map_features import story_features
from storymap.model import WORLD_BOUNDS, Event, Link, Place, Source, Story
from storymap.panel import (
    PLACELESS_HEADING,
    PLACELESS_ID,
    intro_html,
    placeless_events_html,
    related_events,
    timeline_entry_html,
    tour_step_html,
)
from storymap.tables import events_table
from storymap.text import markdown_literal
from storymap.tour import tour_step, tour_steps
from storymap.ui.keys import MOVE_MAP_KEY
from storymap.view import ViewState, query_from_view, tour_view, view_context, view_from_query
from storymap.window import TimeWindow
from tests.conftest import PROJECT_ROOT
from tests.test_pages import html_of, run_page

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "media-story"
SOURCE = Source("s1", "reference", "A reference", url="https://example.org/")


def event(event_id: str, date: str, place_id: str = "") -> Event:
    return Event(event_id, place_id, parse_span(date), f"Title {event_id}", "Summary.", "s1")


def mixed_story(links=()) -> Story:
    """Two places, three events at them and two without a place, given out of order."""
    places = {
        "a": Place("a", "Alpha", 10.0, 20.0, "featured"),
        "b": Place("b", "Beta", 30.0, 40.0, "context"),
    }
    events = [
        event("late-nowhere", "1950"),
        event("at-a", "1900", "a"),
        event("early-nowhere", "1890"),
        event("at-b", "1920", "b"),
        event("at-a-again", "1940", "a"),
    ]
    return Story.build(places, events, {"s1": SOURCE}, links=links)


# The story


def test_build_keeps_them_in_the_story_apart_from_every_place():
    story = mixed_story()
    assert [e.id for e in story.events] == [
        "early-nowhere",
        "at-a",
        "at-b",
        "at-a-again",
        "late-nowhere",
    ]
    assert [e.id for e in story.events_without_place] == ["early-nowhere", "late-nowhere"]
    assert set(story.events_by_place) == {"a", "b"}  # no row for "no place"
    assert [e.id for e in story.events_by_place["a"]] == ["at-a", "at-a-again"]
    assert story.events_by_id["late-nowhere"].has_place is False
    assert (story.span.first, story.span.last) == (1890, 1950)  # they count for the years
    assert story.bounds == ((10.0, 20.0), (30.0, 40.0))  # they do not for the map


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ((1800, 2000), ["early-nowhere", "late-nowhere"]),
        ((1895, 1945), []),
        ((1950, 1950), ["late-nowhere"]),
    ],
)
def test_the_events_without_a_place_of_a_window(window, expected):
    found = mixed_story().events_without_place_in(TimeWindow(*window))
    assert [e.id for e in found] == expected


def test_a_story_with_no_places_is_framed_on_the_world():
    story = Story.build({}, [event("one", "1904"), event("two", "1905")], {"s1": SOURCE})
    assert story.bounds == WORLD_BOUNDS
    assert overview_max_zoom(story) == MAX_ZOOM  # the world has an extent to fit
    html = build_base_map(story, MapAssets("local"), "data:,").get_root().render()
    assert "fitBounds" in html and "[-60.0, -180.0]" in html and "NaN" not in html
    assert story_features(story)["features"] == []


def no_places_folder(tmp_path: Path) -> Path:
    """A story folder whose places.csv has a header only and whose events name none."""
    folder = tmp_path / "no-places"
    folder.mkdir()
    (folder / "places.csv").write_text("id,name,lat,lon,role\n", encoding="utf-8")
    (folder / "sources.csv").write_text(
        "id,kind,title\nbook,reference,A history of the war\n", encoding="utf-8"
    )
    (folder / "events.csv").write_text(
        "id,place_id,date,title,summary,source_id\n"
        "war-declared-1904,,1904-02-10,Japan declares war,It declares war on Russia.,book\n"
        "peace-1905,,1905-09-05,Peace,The war ends.,book\n",
        encoding="utf-8",
    )
    return folder


def test_a_folder_with_no_places_loads(tmp_path):
    story = load_story(no_places_folder(tmp_path))
    assert story.places == {} and len(story.events_without_place) == 2
    assert story.bounds == WORLD_BOUNDS


# Never on the map


def test_a_link_to_an_event_without_a_place_is_related_but_draws_no_arc():
    links = (
        Link("at-a", "late-nowhere", "leads-to", "to nowhere"),
        Link("at-a", "at-b", "leads-to", "to Beta"),
        Link("early-nowhere", "at-a-again", "followed-by"),
    )
    story = mixed_story(links)
    arcs = link_arcs(story, story.span, "a")
    assert len(arcs) == 1  # Alpha to Beta only
    assert arcs[0].options["farPlace"] == "b"
    related = related_events(story, story.events_by_place["a"])
    assert [(r.phrase, r.event.id) for r in related] == [
        ("Leads to", "late-nowhere"),
        ("Leads to", "at-b"),
        ("Follows", "early-nowhere"),
    ]


def test_the_fixture_storys_map_has_its_one_place_and_no_arc():
    story = load_story(FIXTURE)
    features = story_features(story)["features"]
    assert [f["properties"]["place_id"] for f in features] == ["port-arthur"]
    assert [e[0] for e in features[0]["properties"]["events"]] == [1904]  # its own only
    assert link_arcs(story, story.span, "port-arthur") == []  # its link is to no place


# Shown everywhere else


def test_the_list_under_the_map_holds_those_of_the_window_and_counts_the_rest():
    story = mixed_story()
    html = placeless_events_html(story, TimeWindow(1900, 1960))
    assert html.startswith(
        f'<section class="placeless-events" id="{PLACELESS_ID}" aria-label="{PLACELESS_HEADING}">'
    )
    assert f"<h2>{PLACELESS_HEADING}</h2>" in html
    assert "Title late-nowhere" in html and "Title early-nowhere" not in html
    assert "1 more outside 1900–1960." in html
    assert "Title at-a" not in html
    none_in_window = placeless_events_html(story, TimeWindow(1900, 1940))
    assert "None in 1900–1940; 2 in other years." in none_in_window
    assert 'id="event-' not in none_in_window


def test_a_story_without_them_has_no_list():
    story = Story.build({"a": Place("a", "A", 1, 1, "featured")}, [event("x", "1900", "a")], {})
    assert placeless_events_html(story, story.span) == ""


def test_the_tour_steps_through_them_in_date_order_and_says_they_have_no_place():
    story = mixed_story()
    assert [e.id for e in tour_steps(story, story.span)] == [e.id for e in story.events]
    step = tour_step(story, story.span, "early-nowhere")
    assert (step.position, step.previous, step.next.id) == (1, None, "at-a")
    html = tour_step_html(story, step.event, step.position, step.total)
    assert "<h2>Without a place</h2>" in html
    assert "This event has no place on the map." in html
    assert "Title early-nowhere" in html


def test_the_timeline_lists_them_with_no_place_name():
    story = mixed_story()
    html = timeline_entry_html(story, story.events_by_id["late-nowhere"])
    assert '<p class="timeline-place">Without a place</p>' in html


def test_the_chart_has_a_last_row_for_them():
    story = mixed_story()
    frame = timeline_frame(story, story.span).set_index("id")
    assert frame.loc["late-nowhere", "place_id"] == WITHOUT_A_PLACE_ROW
    assert frame.loc["late-nowhere", "place"] == "Without a place"
    y = timeline_chart(story, story.span).to_dict()["layer"][1]["encoding"]["y"]
    assert y["sort"] == ["a", "b", WITHOUT_A_PLACE_ROW]
    assert f'"{WITHOUT_A_PLACE_ROW}": "Without a place"' in y["axis"]["labelExpr"]
    # A window without them has no such row.
    y = timeline_chart(story, TimeWindow(1900, 1940)).to_dict()["layer"][1]["encoding"]["y"]
    assert y["sort"] == ["a", "b"]


def test_the_chart_tooltip_gives_the_display_date_and_the_date():
    story = mixed_story()
    dated = dataclasses.replace(story.events_by_id["late-nowhere"], display_date="Summer 1950")
    story = Story.build(story.places, [dated], story.sources)
    assert list(timeline_frame(story, story.span)["when"]) == ["Summer 1950 (1950)"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"event": "early-nowhere"}, ViewState(place=None, event="early-nowhere")),
        ({"event": "at-a"}, ViewState(place="a", event="at-a")),
        # A place asked for beside an event without one: the tour's step wins.
        ({"event": "early-nowhere", "place": "b"}, ViewState(place=None, event="early-nowhere")),
    ],
)
def test_a_link_can_name_an_event_without_a_place(query, expected):
    view, notices = view_from_query(query, view_context(mixed_story()))
    assert (view, notices) == (expected, [])


def test_a_tour_step_without_a_place_selects_none_and_its_link_names_the_event():
    story = mixed_story()
    view = tour_view(ViewState(place="a", year_from=1900), story.events_by_id["late-nowhere"])
    assert view == ViewState(place=None, event="late-nowhere", year_from=1900)
    assert query_from_view(view) == {"event": "late-nowhere", "from": "1900"}


def test_the_downloads_carry_them():
    story = mixed_story()
    features = story_geojson(story)["features"]
    unplaced = [f for f in features if f["geometry"] is None]
    assert [f["properties"]["id"] for f in unplaced] == ["early-nowhere", "late-nowhere"]
    assert {f["properties"]["kind"] for f in unplaced} == {"event"}
    assert unplaced[0]["properties"]["happened_at"] == ""
    table = events_table(story)
    row = table[table["Event"] == "Title late-nowhere"].iloc[0]
    assert (row["Place"], row["Happened at"]) == ("", "")


def test_the_standalone_map_lists_them_under_the_map():
    story = load_story(FIXTURE)
    html = standalone_html(story, "Media", tiles=False)
    footer = html[html.index("<footer>") : html.index("</footer>")]
    assert f"<h2>{PLACELESS_HEADING}</h2>" in footer
    assert "Japan declares war on Russia" in footer
    assert ".event-media img" in html  # the media's style, for the popups and the list


# The pages (AppTest)


def run_app(monkeypatch, folder: Path, page: str | None = None, **query: str) -> AppTest:
    monkeypatch.setenv("STORYMAP_DATA", str(folder))
    return run_page(page, **query)


def test_the_map_page_lists_the_events_without_a_place_under_the_map(monkeypatch):
    app = run_app(monkeypatch, FIXTURE, place="port-arthur")
    html = html_of(app)
    listed = html[html.index('<section class="placeless-events"') :]
    assert f"<h2>{PLACELESS_HEADING}</h2>" in listed
    assert "Japan declares war on Russia" in listed and "10 February 1904" in listed
    assert "Russo-Japanese War</a> (Wikipedia)" in listed  # cited
    # The place's panel shows its event's image, described, and its display date.
    panel = html[html.index('<section class="place-panel"') :]
    assert 'alt="Warships at anchor in a harbour below bare hills" loading="lazy"' in panel
    assert (
        '<time datetime="1904-02-08" title="8 February 1904">Night of 8–9 February 1904</time>'
        in panel
    )
    assert len(app.get("component_instance")) == 1  # the map


def test_the_map_page_of_a_story_without_them_has_no_list(monkeypatch, data_copy):
    app = run_app(monkeypatch, data_copy)
    assert PLACELESS_HEADING not in html_of(app)


def test_a_tour_step_without_a_place_shows_the_event_alone(monkeypatch):
    app = run_app(monkeypatch, FIXTURE, event="war-declared-1904")
    html = html_of(app)
    assert "Step 2 of 2" in html and "<h2>Without a place</h2>" in html
    assert app.query_params["event"] == "war-declared-1904"
    assert "place" not in app.query_params
    # Its link to the attack is listed, the attack dated as its source gives it.
    related = "Follows: Surprise attack on Port Arthur (Night of 8–9 February 1904, Port Arthur)"
    assert markdown_literal(related) in [button.label for button in app.button]
    next(button for button in app.button if button.label == "Previous").click().run()
    assert app.query_params["event"] == "port-arthur-attack-1904"


def test_a_step_to_an_event_without_a_place_leaves_the_map_where_it_is(monkeypatch):
    app = run_app(monkeypatch, FIXTURE, event="port-arthur-attack-1904")

    def moves() -> int:
        return app.session_state.get(MOVE_MAP_KEY, 0)

    before = moves()
    next(button for button in app.button if button.label == "Next").click().run()
    assert app.query_params["event"] == "war-declared-1904"
    assert moves() == before  # the map is not sent anywhere
    next(button for button in app.button if button.label == "Previous").click().run()
    assert moves() == before + 1  # back to Port Arthur: the map goes there


def test_the_timeline_page_opens_an_event_without_a_place_in_the_tour(monkeypatch):
    app = run_app(monkeypatch, FIXTURE, page="pages/timeline.py")
    links = {link.proto.label: link.proto.query_string for link in app.get("page_link")}
    assert set(links) == {"Show on the map", "Show in the tour"}
    assert links["Show in the tour"] == "event=war-declared-1904"
    assert "Without a place" in html_of(app)


def test_a_story_with_no_places_shows_a_map_and_the_list(monkeypatch, tmp_path):
    app = run_app(monkeypatch, no_places_folder(tmp_path))
    html = html_of(app)
    assert "0 places and 2 events" in html and "listed under the map" in html
    assert "Japan declares war" in html and "The war ends." in html
    assert len(app.get("component_instance")) == 1


def test_a_related_event_without_a_place_opens_as_the_tours_step(monkeypatch):
    app = run_app(monkeypatch, FIXTURE, place="port-arthur")
    label = markdown_literal(
        "Followed by: Japan declares war on Russia (10 February 1904, Without a place)"
    )
    moves = app.session_state.get(MOVE_MAP_KEY, 0)
    next(button for button in app.button if button.label == label).click().run()
    assert dict(app.query_params) == {"event": "war-declared-1904"}
    assert app.session_state.get(MOVE_MAP_KEY, 0) == moves
    assert "<h2>Without a place</h2>" in html_of(app)


def test_the_introduction_says_where_the_events_without_a_place_are():
    story = load_story(FIXTURE)
    html = intro_html(story, [], "T")
    assert "1 event has no place on the map" in html
    assert f'<a href="#{PLACELESS_ID}">listed under the map</a>' in html
    assert f'id="{PLACELESS_ID}"' in placeless_events_html(story)
