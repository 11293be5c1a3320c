import json
from dataclasses import replace
from types import SimpleNamespace

import pytest

from storymap.chart import (
    NO_ERA_LABEL,
    SELECTION,
    picked_event,
    timeline_chart,
    timeline_frame,
)
from storymap.load import load_files
from storymap.loaded_story import place_order
from storymap.model import Story
from storymap.template import template_zip
from storymap.upload import files_from_upload
from storymap.window import TimeWindow


def test_the_frame_holds_the_events_of_the_window_with_their_era(story):
    frame = timeline_frame(story, TimeWindow(1940, 1960))
    assert list(frame["id"]) == [e.id for e in story.events_in(TimeWindow(1940, 1960))]
    assert set(frame["era"]) <= {era.label for era in story.eras}
    row = frame.set_index("id").loc["kuril-islands-soviet-capture-1945"]
    assert (row["place"], row["when"]) == ("Kuril Islands", "18 August – 5 September 1945")
    assert (
        row["start"].isoformat()[:10] == "1945-08-18"
        and row["end"].isoformat()[:10] == "1945-09-05"
    )


def test_the_chart_groups_by_place_colours_by_era_and_selects_on_click(story):
    spec = timeline_chart(story, story.span).to_dict()
    layers = spec["layer"]
    assert {layer["mark"]["type"] for layer in layers} == {"rule", "circle"}
    encoding = layers[1]["encoding"]
    assert encoding["y"]["field"] == "place_id"
    assert encoding["color"]["scale"]["range"][: len(story.eras)] == [e.colour for e in story.eras]
    params = spec["params"]
    assert [param["name"] for param in params] == [SELECTION]


def row_labels(encoding: dict) -> dict[str, str]:
    """The name each row (a place id) is labelled with, read from the axis's expression."""
    expression = encoding["y"]["axis"]["labelExpr"]
    assert expression.endswith("[datum.value]")
    return json.loads(expression.removesuffix("[datum.value]"))


def template_with(places: dict[str, tuple[str, str]]) -> Story:
    """The template story with its places' names and roles changed: {id: (name, role)}."""
    template = load_files(files_from_upload([("t.zip", template_zip())]))
    changed = {
        key: replace(place, name=places[key][0], role=places[key][1])
        for key, place in template.places.items()
    }
    return Story.build(changed, template.events, template.sources, eras=template.eras)


def test_each_row_is_a_place_in_the_place_lists_order_labelled_with_its_name(story):
    window = TimeWindow(1940, 1960)
    encoding = timeline_chart(story, window).to_dict()["layer"][0]["encoding"]
    shown = {event.place_id for event in story.events_in(window)}
    assert encoding["y"]["sort"] == [place for place in place_order(story) if place in shown]
    assert encoding["y"]["sort"][0] == "kuril-islands"  # featured first
    assert row_labels(encoding) == {place: story.places[place].name for place in shown}


def test_two_places_with_one_name_keep_a_row_each():
    story = template_with(
        {
            "port-arthur": ("Harbour", "featured"),
            "portsmouth": ("Harbour", "context"),
        }
    )
    frame = timeline_frame(story, story.span)
    assert set(frame["place_id"]) == {"port-arthur", "portsmouth"}
    encoding = timeline_chart(story, story.span).to_dict()["layer"][0]["encoding"]
    assert encoding["y"]["field"] == "place_id"
    assert encoding["y"]["sort"] == ["port-arthur", "portsmouth"]
    assert row_labels(encoding) == {"port-arthur": "Harbour", "portsmouth": "Harbour"}


def test_rows_follow_the_place_lists_order_with_case_aside():
    # "a treaty town" comes before "Port Arthur" case aside, after it by code point.
    story = template_with(
        {
            "port-arthur": ("Port Arthur", "context"),
            "portsmouth": ("a treaty town", "context"),
        }
    )
    encoding = timeline_chart(story, story.span).to_dict()["layer"][0]["encoding"]
    assert encoding["y"]["sort"] == list(place_order(story)) == ["portsmouth", "port-arthur"]


def test_a_name_cannot_break_out_of_its_rows_label():
    name = 'Harbour"}[0] || "\\ 旅順 \u2028'
    story = template_with(
        {
            "port-arthur": (name, "featured"),
            "portsmouth": ("Portsmouth", "context"),
        }
    )
    encoding = timeline_chart(story, story.span).to_dict()["layer"][0]["encoding"]
    assert row_labels(encoding)["port-arthur"] == name


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (
            SimpleNamespace(selection={SELECTION: [{"id": "port-arthur-attack-1904"}]}),
            "port-arthur-attack-1904",
        ),
        (SimpleNamespace(selection={SELECTION: []}), None),
        (SimpleNamespace(selection={}), None),
        (SimpleNamespace(selection={SELECTION: [{"id": "<script>"}]}), None),
        (None, None),
    ],
)
def test_a_click_in_the_chart_names_an_event_of_the_story(story, state, expected):
    assert picked_event(state, story) == expected


def test_the_chart_can_be_limited_to_the_first_events(story):
    frame = timeline_frame(story, story.span, limit=5)
    assert list(frame["id"]) == [event.id for event in story.events[:5]]


def test_the_legend_names_other_years_only_when_an_event_has_none():
    template = load_files(files_from_upload([("t.zip", template_zip())]))

    def legend(story):
        layers = timeline_chart(story, story.span).to_dict()["layer"]
        return layers[0]["encoding"]["color"]["scale"]["domain"]

    assert legend(template) == ["The Russo-Japanese War"]  # both events fall in it
    shorter = [replace(era, last_year=1904) for era in template.eras]
    assert legend(replace(template, eras=tuple(shorter))) == [
        "The Russo-Japanese War",
        NO_ERA_LABEL,
    ]


def test_text_from_the_data_is_neutralised_for_the_charts_data_view():
    # The chart's "Show data" table has a "Download as CSV" that writes cells as they are.
    template = load_files(files_from_upload([("t.zip", template_zip())]))
    places = {key: replace(place, name="=" + place.name) for key, place in template.places.items()}
    story = Story.build(
        places,
        [replace(event, title="@" + event.title) for event in template.events],
        template.sources,
        eras=[replace(era, label="+" + era.label) for era in template.eras],
    )
    frame = timeline_frame(story, story.span)
    assert set(frame["place"]) == {"'=Port Arthur", "'=Portsmouth"}
    assert all(title.startswith("'@") for title in frame["title"])
    assert set(frame["era"]) == {"'+The Russo-Japanese War"}
    layers = timeline_chart(story, story.span).to_dict()["layer"]
    encoding = layers[0]["encoding"]
    assert encoding["color"]["scale"]["domain"] == ["'+The Russo-Japanese War"]
    assert row_labels(encoding) == {"port-arthur": "'=Port Arthur", "portsmouth": "'=Portsmouth"}
