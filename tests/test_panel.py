import dataclasses

import pytest

from storymap import panel
from storymap.panel import (
    intro_html,
    legend_html,
    place_panel_html,
    related_events,
    safe_link,
    share_html,
    timeline_entry_html,
    tour_step_html,
)
from storymap.window import TimeWindow
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


def test_the_share_box_links_to_the_view():
    html = share_html("http://localhost:8501/?place=kherson&lang=uk")
    assert (
        '<a href="http://localhost:8501/?place=kherson&amp;lang=uk">'
        "http://localhost:8501/?place=kherson&amp;lang=uk</a>"
    ) in html


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ('/?place="><script>x</script>', "/?place=&quot;&gt;&lt;script&gt;x&lt;/script&gt;"),
        ("javascript:alert(1)", "javascript:alert(1)"),
    ],
)
def test_a_share_address_that_is_not_http_is_shown_as_text(url, shown):
    assert share_html(url) == (
        '<section class="share" aria-label="Share this view">'
        f"<p><strong>Share this view</strong></p><p>{shown}</p>"
        "</section>"
    )


@pytest.mark.parametrize("place_id", sorted(FEATURED_PLACES))
def test_the_panel_shows_the_place_and_its_events_in_date_order(story, place_id):
    html = place_panel_html(story, story.places[place_id])
    assert f"<h2>{FEATURED_PLACES[place_id]}</h2>" in html
    positions = [html.index(f'id="event-{event.id}"') for event in story.events_by_place[place_id]]
    assert positions == sorted(positions) and len(positions) >= 3


def test_the_panel_cites_the_article_with_its_quote_and_references_with_a_link(story):
    html = place_panel_html(story, story.places["port-arthur"])
    assert (
        '<blockquote lang="en">“On February 8, 1904, Japan launched a surprise attack on Port '
        "Arthur”" in html
    )
    assert '<a href="https://en.wikipedia.org/wiki/Siege_of_Port_Arthur"' in html
    assert '<time datetime="1904-08-01">1 August 1904 – 2 January 1905</time>' in html


def test_the_panel_gives_other_names_with_language_and_period(story):
    html = place_panel_html(story, story.places["port-arthur"])
    assert (
        '<span lang="ru">Порт-Артур</span> (Port-Artur) <small>(Russian, 1898–1905)</small>' in html
    )
    assert '<span lang="ja">旅順</span> (Ryojun) <small>(Japanese)</small>' in html
    assert '<span lang="en">Port Arthur</span>' not in html  # the heading says it already


@pytest.mark.parametrize(
    ("event_id", "shown"),
    [
        ("port-arthur-attack-1904", "(26 January 1904 O.S.)"),
        ("portsmouth-treaty-signed-1905", "(23 August 1905 O.S.)"),
        ("port-arthur-siege-1904", "(19 July 1904 – 20 December 1904 O.S.)"),
    ],
)
def test_russian_events_before_1918_also_give_the_old_style_date(story, event_id, shown):
    event = story.events_by_id[event_id]
    assert event.old_style
    assert shown in timeline_entry_html(story, event)


def test_events_without_the_flag_or_after_1918_have_no_old_style_date(story):
    for event in story.events:
        if not event.old_style or event.date.first_year >= 1918:
            assert "O.S." not in timeline_entry_html(story, event), event.id


def test_the_time_window_filters_the_panel_and_counts_the_rest(story):
    html = place_panel_html(story, story.places["kuril-islands"], TimeWindow(1940, 1960))
    assert 'id="event-kuril-islands-soviet-capture-1945"' in html
    assert 'id="event-kuril-islands-shimoda-1855"' not in html
    assert "<h3>Events (6)</h3>" in html
    assert "3 more outside 1940–1960." in html


def test_events_carry_the_colour_and_name_of_their_era(story):
    html = timeline_entry_html(story, story.events_by_id["kherson-retreat-2022"])
    assert 'style="background:#AA4499"' in html and "War in Ukraine" in html


def test_the_legend_lists_every_era_and_the_dimmed_marker(story):
    html = legend_html(story.eras)
    for era in story.eras:
        assert era.label in html and era.colour in html
    assert "No events in the chosen years" in html


def test_a_tour_step_says_where_it_is_in_the_tour(story):
    event = story.events_by_id["port-arthur-attack-1904"]
    html = tour_step_html(story, event, 6, 26)
    assert "Step 6 of 26" in html and "<h2>Port Arthur</h2>" in html
    assert 'id="event-port-arthur-attack-1904"' in html


def test_related_events_read_from_both_ends(story):
    attack = story.events_by_id["port-arthur-attack-1904"]
    treaty = story.events_by_id["portsmouth-treaty-signed-1905"]
    from_attack = [(r.phrase, r.event.id) for r in related_events(story, (attack,))]
    assert ("Ended by", treaty.id) in from_attack
    from_treaty = [(r.phrase, r.event.id) for r in related_events(story, (treaty,))]
    assert ("Ends", attack.id) in from_treaty
    # Solovyov compared the Kherson retreat with the defeat: the link starts at the retreat.
    assert ("Compared with", "kherson-retreat-2022") in from_treaty


def test_everything_from_the_data_is_shown_as_text(story):
    hostile = "<img src=x onerror=alert(1)>[link](javascript:alert(1))"
    place = dataclasses.replace(story.places["kherson"], name=hostile, today=hostile)
    event = dataclasses.replace(
        story.events_by_place["kherson"][0], title=hostile, summary=hostile, quote=hostile
    )
    source = dataclasses.replace(
        story.sources[event.source_id], title=hostile, url="javascript:alert(1)"
    )
    story = dataclasses.replace(
        story,
        places={**story.places, "kherson": place},
        sources={**story.sources, source.id: source},
        events_by_place={**story.events_by_place, "kherson": (event,)},
    )
    for html in (
        timeline_entry_html(story, event),
        place_panel_html(story, place),
        intro_html(story, [place], hostile, hostile),
        tour_step_html(story, event, 1, 1),
    ):
        assert "<img" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        assert 'href="javascript' not in html


def test_the_intro_names_the_featured_places_and_invites_a_click(story):
    featured = [place for place in story.places.values() if place.featured]
    html = intro_html(story, featured, "A story")
    for name in FEATURED_PLACES.values():
        assert name in html
    assert "Click a marker" in html


def test_a_citation_gives_the_date_its_source_was_published(story):
    html = timeline_entry_html(story, story.events_by_id["kherson-retreat-2022"])
    assert "The article: Russia and Japan Have Fought Before, and It Was Won Decisively " in html
    assert "Decisively (November 2022)</small>" in html
    assert "Siege of Port Arthur</a> (Wikipedia)</small>" in place_panel_html(
        story, story.places["port-arthur"]
    )  # a reference with no date gives its publisher alone


def test_details_the_article_does_not_give_cite_a_reference(story):
    html = timeline_entry_html(story, story.events_by_id["kherson-retreat-2022"])
    assert "The article: Russia and Japan Have Fought Before" in html
    assert 'Details: <a href="https://en.wikipedia.org/wiki/2022_Kherson_counteroffensive"' in html
    assert "Details:" not in timeline_entry_html(story, story.events_by_id["kherson-falls-2022"])


def test_a_place_with_thousands_of_events_lists_the_first_ones_and_says_so(story):
    import dataclasses

    from storymap.model import Story
    from storymap.panel import MAX_PANEL_EVENTS

    first = story.events_by_place["port-arthur"][0]
    events = [dataclasses.replace(first, id=f"e{n}") for n in range(MAX_PANEL_EVENTS + 300)]
    crowded = Story.build(story.places, events, story.sources)
    html = place_panel_html(crowded, crowded.places["port-arthur"])
    assert html.count('<li class="event"') == MAX_PANEL_EVENTS
    assert f"The first {MAX_PANEL_EVENTS} of 500 are listed" in html


def test_a_place_where_thousands_of_events_happened_lists_the_first_ones_and_says_so(story):
    from storymap.model import Story
    from storymap.panel import MAX_PANEL_EVENTS

    first = story.events_by_place["port-arthur"][0]
    events = [
        dataclasses.replace(first, id=f"e{n}", happened_at="tokyo")
        for n in range(MAX_PANEL_EVENTS + 300)
    ]
    crowded = Story.build(story.places, events, story.sources)
    html = place_panel_html(crowded, crowded.places["tokyo"])
    assert "Happened here, concerning other places (500)" in html
    assert html.count('<li class="event"') == MAX_PANEL_EVENTS
    assert f"The first {MAX_PANEL_EVENTS} of 500 are listed" in html


@pytest.mark.parametrize(
    ("counted", "number", "words"),
    [
        (panel.places_counted, 0, "0 places"),
        (panel.places_counted, 1, "1 place"),
        (panel.events_counted, 2, "2 events"),
        (panel.events_counted, 10_000, "10,000 events"),
    ],
)
def test_counted_says_one_thing_and_many_things(counted, number, words):
    assert counted(number) == words
