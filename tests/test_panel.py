import dataclasses

import pytest

from storymap.panel import intro_html, place_panel_html, safe_link, timeline_entry_html
from tests.conftest import FEATURED_PLACES


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://en.wikipedia.org/wiki/Treaty_of_Portsmouth", True),
        ("http://example.org/a?b=c", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/x", False),
        ("/relative/path", False),
        ("", False),
    ],
)
def test_only_http_links_are_kept(url, kept):
    assert (safe_link(url) is not None) is kept


@pytest.mark.parametrize("place_id", sorted(FEATURED_PLACES))
def test_the_panel_shows_the_place_and_its_events_in_date_order(story, place_id):
    html = place_panel_html(story, story.places[place_id])
    assert f"<h2>{FEATURED_PLACES[place_id]}</h2>" in html
    positions = [html.index(f'id="event-{event.id}"') for event in story.events_by_place[place_id]]
    assert positions == sorted(positions) and len(positions) >= 3


def test_the_panel_cites_the_article_with_its_quote_and_references_with_a_link(story):
    html = place_panel_html(story, story.places["port-arthur"])
    assert "<blockquote>“On February 8, 1904, Japan launched a surprise attack on Port Arthur”" \
        in html
    assert '<a href="https://en.wikipedia.org/wiki/Siege_of_Port_Arthur"' in html
    assert '<span lang="ru">Порт-Артур (Port-Artur)</span>' in html
    assert "<time>1 August 1904 – 2 January 1905</time>" in html


def test_everything_from_the_data_is_shown_as_text(story):
    hostile = "<img src=x onerror=alert(1)>[link](javascript:alert(1))"
    place = dataclasses.replace(story.places["kherson"], name=hostile, today=hostile)
    event = dataclasses.replace(story.events_by_place["kherson"][0], title=hostile,
                                summary=hostile, quote=hostile)
    source = dataclasses.replace(story.sources[event.source_id], title=hostile,
                                 url="javascript:alert(1)")
    html = timeline_entry_html(event, place, source)
    assert "<img" not in html and "javascript:" not in html.replace("(javascript:", "")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "href" not in html
    story = dataclasses.replace(story, places={**story.places, "kherson": place})
    assert "<img" not in place_panel_html(story, place)
    assert "<img" not in intro_html(story, [place])


def test_the_intro_names_the_featured_places_and_invites_a_click(story):
    featured = [place for place in story.places.values() if place.featured]
    html = intro_html(story, featured)
    for name in FEATURED_PLACES.values():
        assert name in html
    assert "Click a marker" in html
