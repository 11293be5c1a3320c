from pathlib import Path

import pytest

from storymap.dates import parse_span
from storymap.load import (
    DATA_ENVIRONMENT_VARIABLE,
    DEFAULT_DATA_FOLDER,
    STEPS,
    data_folder_from_environment,
    load_files,
    load_story,
)
from storymap.storyfiles import FolderFiles
from tests.conftest import FEATURED_PLACES


def test_the_four_featured_places_each_have_at_least_three_events(story):
    for place_id, name in FEATURED_PLACES.items():
        place = story.places[place_id]
        assert place.name == name
        assert place.featured
        assert len(story.events_by_place[place_id]) >= 3, place_id


def test_events_are_in_date_order_and_every_one_is_cited(story):
    keys = [event.date.sort_key for event in story.events]
    assert keys == sorted(keys)
    for event in story.events:
        source = story.sources[event.source_id]
        assert event.title and event.summary
        if source.kind == "article":
            assert event.quote, event.id


def test_place_rows_carry_other_names_today_and_location_notes(story):
    port_arthur = story.places["port-arthur"]
    assert {"zh", "ja", "ru"} <= {name.language for name in port_arthur.other_names}
    assert "Dalian" in port_arthur.today
    assert "Kittery, Maine" in story.places["portsmouth"].location_note


def test_the_attack_on_port_arthur_is_dated_to_the_day(story):
    attack = next(event for event in story.events if event.id == "port-arthur-attack-1904")
    assert attack.date.display() == "8 February 1904"
    assert "February 8, 1904" in attack.quote


def test_the_kuril_islands_are_drawn_as_a_chain(story):
    chains = [area for area in story.areas if area.place_id == "kuril-islands"]
    assert chains and chains[0].geometry["type"] == "LineString"
    assert len(chains[0].geometry["coordinates"]) >= 6


def test_the_data_folder_comes_from_the_environment(tmp_path: Path):
    assert data_folder_from_environment({}) == DEFAULT_DATA_FOLDER
    assert data_folder_from_environment({DATA_ENVIRONMENT_VARIABLE: str(tmp_path)}) == tmp_path


def test_a_copied_folder_loads_the_same_story(data_copy, story):
    assert load_story(data_copy) == story


@pytest.mark.parametrize("area_file_present", [True, False])
def test_the_areas_file_is_optional(data_copy, area_file_present):
    if not area_file_present:
        (data_copy / "areas.geojson").unlink()
    assert bool(load_story(data_copy).areas) is area_file_present


def test_names_links_and_eras_are_read(story):
    port_arthur = story.places["port-arthur"]
    russian = [name for name in port_arthur.names if name.language == "ru"]
    # The Russian lease, and the Soviet base of 1945-1955.
    assert [(n.name, n.year_from, n.year_to) for n in russian] == [
        ("Порт-Артур", 1898, 1905),
        ("Порт-Артур", 1945, 1955),
    ]
    assert {"en", "ja", "ru", "zh", "uk"} <= story.languages
    assert any(
        link.type == "ended-by" and link.from_event == "port-arthur-attack-1904"
        for link in story.links
    )
    assert [era.first_year for era in story.eras] == sorted(era.first_year for era in story.eras)
    assert story.events_by_id["port-arthur-attack-1904"].old_style


def test_names_links_eras_and_translations_are_optional(data_copy):
    # (translations.csv goes too: it translates the eras' labels.)
    for name in ("names.csv", "links.csv", "eras.csv", "translations.csv"):
        (data_copy / name).unlink()
    story = load_story(data_copy)
    assert story.links == () and story.eras == ()
    assert story.places["port-arthur"].names == ()


def test_the_areas_carry_their_years(story):
    areas = {area.id: area for area in story.areas}
    # Leased to Russia, then held by Japan: two spans, not one.
    assert (
        areas["kwantung-leased-territory-russian"].year_from,
        areas["kwantung-leased-territory-russian"].year_to,
    ) == (1898, 1905)
    assert (
        areas["kwantung-leased-territory"].year_from,
        areas["kwantung-leased-territory"].year_to,
    ) == (1905, 1945)
    assert areas["disputed-southern-kurils"].year_to is None
    assert areas["south-sakhalin"].place_id == "sakhalin"


def test_loading_reports_its_progress_step_by_step():
    steps = []
    load_files(
        FolderFiles(DEFAULT_DATA_FOLDER),
        lambda name, number, total: steps.append((name, number, total)),
    )
    assert [number for _, number, _ in steps] == list(range(STEPS))
    assert {total for _, _, total in steps} == {STEPS}
    assert steps[0][0] == "Reading places.csv"
    assert steps[-1][0] == "Reading areas.geojson"


def test_a_sources_published_date_is_read_once_when_the_story_is_loaded(story):
    assert story.sources["article"].published == parse_span("2022-11")
    assert story.sources["wp-treaty-of-portsmouth"].published is None  # none given
