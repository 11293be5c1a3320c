"""The offline gazetteer: a name, case and accents aside, finds its most populous city."""

from __future__ import annotations

import time

import pytest

from storymap.interchange.draft import DraftPlace
from storymap.interchange.gazetteer import find_city, find_place, folded


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Portsmouth",
            DraftPlace(
                "Portsmouth",
                50.79899,
                -1.09125,
                note="matched GeoNames 'Portsmouth' (GB, population 208,100); "
                "5 places have this name, the most populous taken",
            ),
        ),
        (
            "Kherson",
            DraftPlace(
                "Kherson",
                46.63695,
                32.61458,
                note="matched GeoNames 'Kherson' (UA, population 66,000)",
            ),
        ),
        (
            "Tokyo",
            DraftPlace(
                "Tokyo",
                35.6895,
                139.69171,
                note="matched GeoNames 'Tokyo' (JP, population 9,733,276)",
            ),
        ),
        (
            "Saint Petersburg",
            DraftPlace(
                "Saint Petersburg",
                59.93863,
                30.31413,
                note="matched GeoNames 'Saint Petersburg' (RU, population 5,351,935); "
                "2 places have this name, the most populous taken",
            ),
        ),
        (
            # St. Petersburg, Florida, has this as its main name, but the Russian city,
            # which has it as another name, is the more populous.
            "St. Petersburg",
            DraftPlace(
                "St. Petersburg",
                59.93863,
                30.31413,
                note="matched GeoNames 'Saint Petersburg' (RU, population 5,351,935) by its "
                "other name 'St. Petersburg'; 2 places have this name, the most populous taken",
            ),
        ),
        (
            "  Port Arthur ",
            DraftPlace(
                "Port Arthur",
                38.8,
                121.26667,
                note="matched GeoNames 'Lüshun' (CN, population 82,345) by its other name "
                "'Port Arthur'; 2 places have this name, the most populous taken",
            ),
        ),
        (
            "Kristiania",
            DraftPlace(
                "Kristiania",
                59.91273,
                10.74609,
                note="matched GeoNames 'Oslo' (NO, population 1,082,575) by its other name "
                "'Kristiania'",
            ),
        ),
        (
            "Херсон",
            DraftPlace(
                "Херсон",
                46.63695,
                32.61458,
                note="matched GeoNames 'Kherson' (UA, population 66,000) "
                "by its other name 'Херсон'",
            ),
        ),
    ],
)
def test_a_name_finds_its_most_populous_city_with_a_note(name, expected):
    assert find_place(name) == expected


@pytest.mark.parametrize(
    ("name", "city", "country"),
    [
        ("sao paulo", "São Paulo", "BR"),  # accents and case aside
        ("SÃO  PAULO", "São Paulo", "BR"),  # spaces too
        ("Zurich", "Zürich", "CH"),
        ("Montreal", "Montréal", "CA"),
        ("Tromso", "Tromsø", "NO"),  # a letter Unicode does not decompose
        ("Lushun", "Lüshun", "CN"),
        ("Kiev", "Kyiv", "UA"),
        ("Mukden", "Shenyang", "CN"),
        ("東京", "Tokyo", "JP"),
    ],
)
def test_case_accents_and_other_names_are_aside(name, city, country):
    match = find_city(name)
    assert match is not None
    assert (match.city.name, match.city.country) == (city, country)


@pytest.mark.parametrize(
    "name",
    [
        "Atlantis of the North",
        "Kittery",  # a town of fewer than 15,000 people
        "Sakhalin",  # an island, not a city
        "Sea",  # Seattle's airport code, which is no name
        "Art",  # Watertown's
        "War",
        "",
        "   ",
        "x" * 201,
    ],
)
def test_a_name_no_city_has_finds_nothing(name):
    assert find_place(name) is None


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Zürich", "zurich"),
        ("  New   York ", "new york"),
        ("ŁÓDŹ", "lodz"),
        ("Æbeltoft", "aebeltoft"),
        ("Straße", "strasse"),
    ],
)
def test_folded_names(name, key):
    assert folded(name) == key


def test_a_lookup_is_a_dictionary_read_once_the_data_is_in():
    find_place("Tokyo")
    start = time.perf_counter()
    for _ in range(1000):
        find_place("Portsmouth")
    assert time.perf_counter() - start < 0.5
