"""Era colours stay apart and readable on the light and the dark theme."""

import pytest

LIGHT_BACKGROUND = "#FFFFFF"
DARK_BACKGROUND = "#0E1117"  # Streamlit's dark theme


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("background", [LIGHT_BACKGROUND, DARK_BACKGROUND])
def test_every_era_colour_has_graphics_contrast_on_both_themes(story, background):
    for era in story.eras:
        assert contrast(era.colour, background) >= 3, (era.label, background)


def test_era_colours_are_distinct_and_ordered(story):
    assert len({era.colour.lower() for era in story.eras}) == len(story.eras)
    firsts = [era.first_year for era in story.eras]
    assert firsts == sorted(firsts)
    assert all(era.last_year is None or era.first_year <= era.last_year for era in story.eras)


def test_where_eras_overlap_each_event_has_the_era_it_belongs_to(story):
    """The Kuril dispute is unresolved and the war in Ukraine began in 2014: their eras
    overlap from 2014, and each event of those years names its era or takes the first."""
    overlapping = [e for e in story.events if e.date.first_year >= 2014]
    assert overlapping
    for event in overlapping:
        expected = "war-in-ukraine" if event.place_id == "kherson" else "kuril-dispute"
        assert story.era_of(event).id == expected, event.id


def test_every_featured_event_falls_in_an_era(story):
    for event in story.events:
        if story.places[event.place_id].featured:
            assert story.era_of(event) is not None, event.id
