"""The optional columns of events.csv added by the historian's pass: ``happened_at`` (where
an event happened, when not at its place), ``status`` (established, reported or
disputed) and ``era_id`` (its era, where eras overlap); and eras without an end.

Each is read, checked, shown in words (panel, timeline, tour, chart, popups) and
carried by the exports; a story without them loads and shows as before.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import io
import json
import re
from pathlib import Path

import folium
import pytest

from storymap import schema
from storymap.chart import timeline_frame
from storymap.dates import parse_span
from storymap.downloads import spreadsheet_safe_csv, story_geojson
from storymap.export import standalone_html
from storymap.folium_map import link_arcs
from storymap.load import load_files, load_story
from storymap.map_features import story_features
from storymap.model import Era, Event, Place, Source, Story
from storymap.panel import (
    event_html,
    legend_html,
    place_panel_html,
    status_html,
    timeline_entry_html,
    tour_step_html,
)
from storymap.report import DataError
from storymap.style import HAPPENED_AT, LINK
from storymap.tables import events_table
from storymap.template import TEMPLATE_FILES, template_zip
from storymap.upload import files_from_upload
from storymap.window import TimeWindow

NEW_COLUMNS = ("happened_at", "status", "era_id")


def without_columns(folder: Path, columns=NEW_COLUMNS) -> None:
    """``folder``'s events.csv without ``columns``, as a story written before them."""
    path = folder / "events.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    keep = [number for number, name in enumerate(rows[0]) if name not in columns]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[row[i] for i in keep] for row in rows])
    path.write_text(out.getvalue(), encoding="utf-8")


def small_story(**event_fields) -> Story:
    """Two places and one event at the first, with ``event_fields``."""
    places = {
        "here": Place("here", "Here", 10.0, 10.0, "featured"),
        "there": Place("there", "There", 20.0, 20.0, "context"),
    }
    event = Event(
        "e1", "here", parse_span("1906-12-10"), "A prize", "It is awarded.", "s1", **event_fields
    )
    sources = {"s1": Source("s1", "reference", "A reference", url="https://example.org/")}
    eras = [
        Era("early", "Early", 1900, 1950, "#D55E00"),
        Era("late", "Late", 1905, None, "#0072B2"),
    ]
    return Story.build(places, [event], sources, eras=eras)


# Reading


def test_the_new_columns_are_read(story):
    nobel = story.events_by_id["portsmouth-roosevelt-nobel-1906"]
    assert (nobel.place_id, nobel.happened_at, nobel.status) == (
        "portsmouth",
        "kristiania",
        "established",
    )
    letter = story.events_by_id["kuril-islands-planned-conflict-2021"]
    assert letter.status == "reported" and letter.status_words[0] == "Reported"
    assert story.events_by_id["kherson-falls-2022"].era_id == "war-in-ukraine"


def test_a_story_without_the_new_columns_loads_with_their_defaults(data_copy):
    without_columns(data_copy)
    story = load_story(data_copy)
    assert all(e.happened_at == "" and e.status == "established" for e in story.events)
    assert all(e.era_id == "" for e in story.events)
    assert story.events_happened_at == {}


def test_an_empty_status_is_established(data_copy):
    text = (data_copy / "events.csv").read_text(encoding="utf-8")
    assert ",reported," in text
    (data_copy / "events.csv").write_text(text.replace(",reported,", ",,"), encoding="utf-8")
    letter = load_story(data_copy).events_by_id["kuril-islands-planned-conflict-2021"]
    assert letter.status == "established" and letter.status_words is None


def test_an_era_without_an_end_holds_every_later_year():
    era = Era("open", "Open", 1946, None, "#009E73")
    assert era.contains(parse_span("1946")) and era.contains(parse_span("2999"))
    assert not era.contains(parse_span("1945"))
    assert era.period == "1946–"
    assert "(1946–)" in legend_html((era,))


@pytest.mark.parametrize(
    ("era_id", "expected"),
    [
        ("", "early"),  # the first era, by first year, that holds 1906
        ("late", "late"),  # named
        ("nowhere", "early"),  # a name the story lacks (the loader refuses it): by year
    ],
)
def test_an_event_takes_the_era_it_names(era_id, expected):
    story = small_story(era_id=era_id)
    assert story.era_of(story.events[0]).id == expected


# Checking: the exact report lines are in tests/test_validation.py's table; these are
# the cases around them.


def test_a_named_era_is_not_checked_when_the_story_has_no_eras(data_copy):
    (data_copy / "eras.csv").unlink()
    story = load_story(data_copy)  # the reference into an absent, optional file is let be
    assert story.eras == () and story.era_of(story.events_by_id["kherson-falls-2022"]) is None


def test_an_era_with_an_empty_end_is_valid_and_one_ending_before_it_starts_is_not(data_copy):
    path = data_copy / "eras.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("world-war-two,World War II,1939,1945,", "")
        + "world-war-two,World War II,1945,1939,#0072B2\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as raised:
        load_story(data_copy)
    assert "eras.csv:6: to: 1939 is before the first year, 1945" in raised.value.report()


def test_every_problem_of_the_new_columns_is_reported_as_file_line_column(data_copy):
    path = data_copy / "events.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace(",kristiania,,", ",nowhere,,").replace(",reported,", ",maybe,")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_story(data_copy)
    report = raised.value.report().splitlines()
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("portsmouth-r"))
    assert f"events.csv:{line}: happened_at: 'nowhere' is not an id in places.csv" in report
    line = next(n for n, row in enumerate(text.splitlines(), 1) if ",maybe," in row)
    assert (
        f"events.csv:{line}: status: 'maybe' must be one of established, reported, disputed"
        in report
    )


def test_an_era_named_twice_is_reported_once_and_its_first_row_holds_the_events(data_copy):
    # The first row is the era's: an event it holds is not said to be outside its years
    # because a later row repeats the id with other years.
    path = data_copy / "eras.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + "war-in-ukraine,Again,1800,1801,#000000\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as raised:
        load_story(data_copy)
    assert raised.value.report().splitlines() == [
        "eras.csv:6: id: 'war-in-ukraine' is used twice (first on line 5); ids must be unique"
    ]


# Showing it: the panel, the timeline, the tour, the chart


@pytest.mark.parametrize(
    ("happened_at", "here", "expected"),
    [
        ("", "here", ""),  # happened at its place: nothing more to say
        ("", None, ""),
        ("here", "here", "At Here"),
        ("there", "here", "Concerning this place; happened in There"),
        ("there", "there", "Happened here; concerning Here"),
        ("there", None, "Concerning Here; happened in There"),
    ],
)
def test_where_an_event_happened_is_said_from_the_place_it_is_shown_under(
    happened_at, here, expected
):
    story = small_story(happened_at=happened_at)
    assert story.where_text(story.events[0], here) == expected
    html = event_html(story, story.events[0], here=here)
    assert ('class="event-where"' in html) is bool(expected)
    if expected:
        assert f'<p class="event-where">{expected}</p>' in html


@pytest.mark.parametrize(
    ("status", "word", "meaning"),
    [
        ("reported", "Reported", "a claim attributed to someone, not verified"),
        ("disputed", "Disputed", "sources disagree"),
    ],
)
def test_a_status_other_than_established_is_said_in_a_word(status, word, meaning):
    story = small_story(status=status)
    event = story.events[0]
    expected = f"<strong>{word}</strong>: {meaning}"
    assert expected in status_html(event)
    for html in (
        event_html(story, event),
        timeline_entry_html(story, event),
        tour_step_html(story, event, 1, 1),
        place_panel_html(story, story.places["here"]),
    ):
        assert expected in html
    assert event.titled == f"A prize ({word.lower()})"


def test_an_established_event_shows_no_status_and_no_place_line_as_before(story):
    for event in story.events:
        html = event_html(story, event)
        if event.status == "established":
            assert "event-status" not in html, event.id
        if not event.happened_at:
            assert "event-where" not in html, event.id


def test_the_panel_of_the_place_an_event_concerns_says_where_it_happened(story):
    html = place_panel_html(story, story.places["portsmouth"])
    nobel = html[html.index('id="event-portsmouth-roosevelt-nobel-1906"') :]
    assert "Concerning this place; happened in Kristiania (Oslo)" in nobel


def test_the_place_an_event_happened_at_lists_it_under_happened_here(story):
    html = place_panel_html(story, story.places["kristiania"])
    assert "<h3>Events (0)</h3>" in html
    assert "<h3>Happened here, concerning other places (1)</h3>" in html
    assert 'id="event-portsmouth-roosevelt-nobel-1906"' in html
    assert "Happened here; concerning Portsmouth" in html
    # Within the years shown, like the place's own events.
    outside = place_panel_html(story, story.places["kristiania"], TimeWindow(1950, 2022))
    assert "Happened here" not in outside


def test_the_leaked_letter_says_reported_in_the_panel_the_timeline_and_the_tour(story):
    letter = story.events_by_id["kuril-islands-planned-conflict-2021"]
    word = "<strong>Reported</strong>: a claim attributed to someone, not verified"
    assert word in place_panel_html(story, story.places["kuril-islands"])
    assert word in timeline_entry_html(story, letter)
    assert word in tour_step_html(story, letter, 3, 4)


def test_the_chart_names_a_reported_event_with_its_status(story):
    frame = timeline_frame(story, TimeWindow(2021, 2021)).set_index("id")
    assert frame.loc["kuril-islands-planned-conflict-2021", "title"].endswith("(reported)")
    assert frame.loc["moscow-fsb-declassification-2021", "title"] == (
        "FSB declassifies files on wartime torture"
    )


def test_the_events_table_gives_where_each_happened_and_its_status(story):
    table = events_table(story).set_index("Event")
    assert table.loc["Roosevelt awarded the Nobel Peace Prize", "Happened at"] == (
        "Kristiania (Oslo)"
    )
    assert table.loc["Siege of Port Arthur", "Happened at"] == "Port Arthur"
    statuses = set(table["Status"])
    assert statuses == {"established", "reported"}


# The map


def test_a_dotted_arc_joins_an_events_place_and_where_it_happened(story):
    arcs = link_arcs(story, story.span, "portsmouth")
    dotted = [arc for arc in arcs if arc.options["dashArray"] == HAPPENED_AT["dashArray"]]
    assert {arc.options["farPlace"] for arc in dotted} >= {"kristiania", "tokyo"}
    assert HAPPENED_AT["dashArray"] != LINK["dashArray"]
    # And from the place where it happened, back to the place it concerns.
    back = link_arcs(story, story.span, "kristiania")
    assert [arc.options["farPlace"] for arc in back] == ["portsmouth"]
    # Each labelled from the selected place's side.
    assert "happened in Kristiania (Oslo)" in _label(
        next(arc for arc in dotted if arc.options["farPlace"] == "kristiania")
    )
    assert "concerning Portsmouth" in _label(back[0])


def _label(arc) -> str:
    return next(child.text for child in arc._children.values() if isinstance(child, folium.Tooltip))


def test_the_place_an_event_happened_at_is_not_dimmed_in_its_year(story):
    features = {
        f["properties"]["place_id"]: f["properties"]
        for f in story_features(story)["features"]
        if f["properties"]["kind"] == "place"
    }
    assert [years[:2] for years in features["kristiania"]["events"]] == [[1906, 1906]]


# The exports


def inline_features(html: str) -> dict:
    encoded = re.search(r"data:application/json;base64,([A-Za-z0-9+/=]+)", html).group(1)
    return json.loads(base64.b64decode(encoded))


def test_the_standalone_map_says_where_and_how_sure_in_its_popups(story):
    features = inline_features(standalone_html(story, "A map"))
    details = {
        f["properties"]["place_id"]: f["properties"]["details"]["events"]
        for f in features["features"]
        if f["properties"]["kind"] == "place"
    }
    [nobel] = [e for e in details["kristiania"] if e["title"].startswith("Roosevelt")]
    assert nobel["where"] == "Happened here; concerning Portsmouth"
    [letter] = [e for e in details["kuril-islands"] if e["title"].startswith("Leaked letter")]
    assert letter["status"] == "Reported: a claim attributed to someone, not verified"
    siege = next(e for e in details["port-arthur"] if e["title"] == "Siege of Port Arthur")
    assert (siege["status"], siege["where"]) == ("", "")


def test_the_geojson_events_carry_where_they_happened_and_their_status(story):
    places = {
        f["properties"]["id"]: f["properties"]
        for f in story_geojson(story)["features"]
        if f["properties"]["kind"] == "place"
    }
    events = {e["id"]: e for e in places["portsmouth"]["events"]}
    assert events["portsmouth-roosevelt-nobel-1906"]["happened_at"] == "kristiania"
    assert events["portsmouth-treaty-signed-1905"]["happened_at"] == "portsmouth"
    letter = next(e for e in places["kuril-islands"]["events"] if e["id"].endswith("conflict-2021"))
    assert letter["status"] == "reported"


def test_the_csv_download_keeps_the_new_columns(story):
    data = (Path(__file__).resolve().parent.parent / "data" / "events.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(spreadsheet_safe_csv(data, schema.EVENTS).decode())))
    header = rows[0]
    assert set(NEW_COLUMNS) <= set(header)
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_id["kuril-islands-planned-conflict-2021"]["status"] == "reported"


# The schema, the Data Package, the docs and the template


def test_the_schema_declares_the_new_columns_and_their_references():
    events = schema.EVENTS
    assert set(NEW_COLUMNS) <= set(events.column_names)
    assert events.column("status").choices == ("established", "reported", "disputed")
    assert not any(events.column(name).required for name in NEW_COLUMNS)
    keys = {(key.column, key.table) for key in events.foreign_keys}
    assert {("happened_at", "places"), ("era_id", "eras")} <= keys
    assert not schema.ERAS.column("to").required


def test_the_data_package_carries_them():
    package = json.loads(
        (Path(__file__).resolve().parent.parent / "data" / "datapackage.json").read_text()
    )
    events = next(r for r in package["resources"] if r["name"] == "events")["schema"]
    fields = {field["name"]: field for field in events["fields"]}
    assert fields["status"]["constraints"]["enum"] == ["established", "reported", "disputed"]
    references = {key["fields"][0]: key["reference"]["resource"] for key in events["foreignKeys"]}
    assert references["happened_at"] == "places" and references["era_id"] == "eras"
    assert package["title"] == "Russia and Japan have fought before"


def test_the_docs_explain_them():
    docs = (Path(__file__).resolve().parent.parent / "docs" / "data-format.md").read_text()
    for name in NEW_COLUMNS:
        assert f"| `{name}` |" in docs
    assert "**Where it happened.**" in docs and "**How sure it is.**" in docs


def test_the_template_shows_them_and_loads():
    header = TEMPLATE_FILES[schema.EVENTS.filename].splitlines()[0].split(",")
    assert set(NEW_COLUMNS) <= set(header)
    files = files_from_upload([("my-story.zip", template_zip())])
    story = load_files(files)
    moved = [event for event in story.events if event.happened_elsewhere]
    assert [(e.place_id, e.happened_at) for e in moved] == [("port-arthur", "portsmouth")]


def test_a_story_built_without_the_new_fields_has_no_events_happened_elsewhere():
    story = small_story()
    event = story.events[0]
    assert (event.happened_at, event.status, event.era_id) == ("", "established", "")
    assert story.events_happened_at == {}
    assert dataclasses.replace(event, happened_at="here").happened_elsewhere is False
