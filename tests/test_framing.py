"""Where the map goes when a place is chosen (storymap.framing)."""

from __future__ import annotations

import dataclasses

import pytest

from storymap.framing import MAX_FRAMED_ZOOM, ZOOM_BY_ROLE, Frame, frame_of
from storymap.load import load_story
from tests.conftest import replace_in_file


def test_a_place_with_its_own_zoom_is_shown_at_it(story):
    portsmouth = story.places["portsmouth"]
    assert portsmouth.zoom == 12
    assert frame_of(story, portsmouth) == Frame(centre=(portsmouth.lat, portsmouth.lon), zoom=12)


@pytest.mark.parametrize(("place_id", "role"), [("kherson", "featured"), ("mukden", "context")])
def test_a_place_without_zoom_or_areas_is_shown_at_its_roles_zoom(story, place_id, role):
    place = story.places[place_id]
    assert place.role == role and place.zoom is None
    assert not [area for area in story.areas if area.place_id == place_id]
    assert frame_of(story, place) == Frame(centre=(place.lat, place.lon), zoom=ZOOM_BY_ROLE[role])


def test_a_place_with_areas_is_framed_with_all_of_them_and_its_marker(story):
    kurils = story.places["kuril-islands"]
    frame = frame_of(story, kurils)
    assert frame.centre is None and frame.max_zoom == MAX_FRAMED_ZOOM
    (south, west), (north, east) = frame.bounds
    positions = [
        position
        for area in story.areas
        if area.place_id == "kuril-islands"
        for position in _flat(area.geometry["coordinates"])
    ]
    for lon, lat in [*positions, (kurils.lon, kurils.lat)]:
        assert south < lat < north and west < lon < east
    # A margin, not the whole world: the chain spans about 13 degrees of longitude.
    assert 10 < east - west < 20


def test_its_own_zoom_wins_over_its_areas(story):
    kurils = dataclasses.replace(story.places["kuril-islands"], zoom=5)
    assert frame_of(story, kurils) == Frame(centre=(kurils.lat, kurils.lon), zoom=5)


def test_the_frame_reaches_the_browser_as_leaflet_takes_it(story):
    assert frame_of(story, story.places["portsmouth"]).for_browser() == {
        "centre": [43.08, -70.739],
        "zoom": 12,
    }
    framed = frame_of(story, story.places["kuril-islands"]).for_browser()
    assert set(framed) == {"bounds", "maxZoom"} and len(framed["bounds"]) == 2


def test_a_frame_near_a_pole_stays_on_the_map(story):
    far_north = dataclasses.replace(
        story.areas[0],
        place_id="moscow",
        geometry={"type": "LineString", "coordinates": [[30, 84], [40, 89.9]]},
    )
    polar = dataclasses.replace(story, areas=(far_north,))
    (south, _), (north, _) = frame_of(polar, polar.places["moscow"]).bounds
    assert north <= 85 and south < 56


@pytest.mark.parametrize(
    ("zoom", "problem"),
    [("0", "from 1 to 18"), ("19", "from 1 to 18"), ("7.5", "a whole number"), ("near", "whole")],
)
def test_a_zoom_out_of_range_or_not_whole_is_reported(data_copy, zoom, problem):
    from storymap.report import DataError

    replace_in_file(
        data_copy / "places.csv",
        'the shipyard.",12',
        f'the shipyard.",{zoom}',
    )
    with pytest.raises(DataError) as raised:
        load_story(data_copy)
    assert [p for p in raised.value.problems if p.column == "zoom" and problem in p.message]


def _flat(coordinates):
    if isinstance(coordinates[0], (int, float)):
        yield coordinates
        return
    for part in coordinates:
        yield from _flat(part)
