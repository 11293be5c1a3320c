"""Events with media and a display date: read, checked, shown in the panel, carried by
the downloads and the standalone map.

The media columns (``media_url``, ``media_credit``, ``media_caption``, ``media_alt``)
and ``display_date`` are optional: a story without them shows as before.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from storymap import schema
from storymap.dates import parse_span
from storymap.downloads import story_geojson
from storymap.load import load_story
from storymap.map_features import story_features
from storymap.media import is_image_address, link_label, shown_media
from storymap.model import Event, EventMedia, Place, Source, Story
from storymap.panel import date_html, event_html, media_html
from storymap.report import DataError
from storymap.tables import events_table
from tests.conftest import PROJECT_ROOT

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "media-story"
IMAGE = "https://media.example.org/port-arthur-1904.png"


def an_event(media: EventMedia | None = None, display_date: str = "", date: str = "1904-02-08"):
    return Event(
        "e1",
        "here",
        parse_span(date),
        "An attack",
        "Destroyers attack the fleet.",
        "s1",
        media=media,
        display_date=display_date,
    )


def story_of(*events: Event) -> Story:
    places = {"here": Place("here", "Here", 10.0, 10.0, "featured")}
    sources = {"s1": Source("s1", "reference", "A reference", url="https://example.org/")}
    return Story.build(places, events, sources)


# What an address is, and how it is shown


@pytest.mark.parametrize(
    ("url", "image"),
    [
        ("https://example.org/a.jpg", True),
        ("https://example.org/a.JPEG", True),  # case aside
        ("https://example.org/a/b.png?width=300", True),  # the query is not the path
        ("https://example.org/a.gif", True),
        ("https://example.org/a.webp", True),
        ("https://example.org/a.svg", True),
        ("http://example.org/a.png", True),  # an image, whatever its scheme
        ("https://upload.wikimedia.org/wikipedia/commons/thumb/a/ab/X.tif/lossy-page1", True),
        ("https://example.org/a.png.html", False),
        ("https://example.org/jpg", False),
        ("https://www.youtube.com/watch?v=abc", False),
        ("https://wikimedia.org/a", False),
    ],
)
def test_an_image_is_told_by_its_path_or_its_host(url, image):
    assert is_image_address(url) is image


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("https://www.youtube.com/watch?v=abc", "Video on youtube.com"),
        ("https://m.youtube.com/watch?v=abc", "Video on m.youtube.com"),
        ("https://youtu.be/abc", "Video on youtu.be"),
        ("https://vimeo.com/123", "Video on vimeo.com"),
        ("https://x.com/someone/status/1", "Post on x.com"),
        ("https://twitter.com/someone/status/1", "Post on twitter.com"),
        ("https://mobile.twitter.com/someone/status/1", "Post on mobile.twitter.com"),
        ("https://example.org/film.mp4", "Video on example.org"),
        ("http://example.org/a.png", "Image on example.org"),
        ("https://www.example.org/page", "Media on example.org"),
        ("https://notyoutube.com/watch", "Media on notyoutube.com"),
        ("https://EXAMPLE.org/Page", "Media on example.org"),
    ],
)
def test_a_media_link_says_what_it_leads_to_and_where(url, label):
    assert link_label(url) == label


@pytest.mark.parametrize(
    ("url", "kind", "label"),
    [
        (IMAGE, "image", "Warships"),  # an https image: shown, with its alt text
        ("http://media.example.org/a.png", "link", "Image on media.example.org"),  # http
        ("https://www.youtube.com/watch?v=abc", "link", "Video on youtube.com"),
        ("https://x.com/someone/status/1", "link", "Post on x.com"),
        ("https://example.org/page", "link", "Media on example.org"),
    ],
)
def test_only_an_https_image_is_shown_in_place(url, kind, label):
    shown = shown_media(EventMedia(url, credit="C", caption="A caption", alt="Warships"))
    assert (shown.kind, shown.url, shown.label, shown.caption) == (
        kind,
        url,
        label,
        "A caption — C",
    )


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:image/png;base64,AAAA", "//example.org/a.png", ""]
)
def test_media_that_is_not_an_http_address_is_not_shown(url):
    assert shown_media(EventMedia(url, alt="x")) is None
    assert media_html(an_event(EventMedia(url, alt="x"))) == ""
    assert shown_media(None) is None


@pytest.mark.parametrize(
    ("caption", "credit", "line"),
    [
        ("A caption", "A credit", "A caption — A credit"),
        ("A caption", "", "A caption"),
        ("", "A credit", "A credit"),
        ("", "", ""),
    ],
)
def test_the_caption_line_joins_what_there_is(caption, credit, line):
    assert EventMedia(IMAGE, credit=credit, caption=caption).caption_line == line


# In the panel (and so in the tour and the timeline's list)


def test_an_https_image_is_a_lazy_figure_with_its_alt_text_caption_and_credit():
    media = EventMedia(IMAGE, credit="Drawn for this story", caption="The harbour", alt="Ships")
    html = event_html(story_of(an_event(media)), an_event(media))
    figure = re.search(r"<figure class=\"event-media\">.*?</figure>", html).group(0)
    assert f'<img src="{IMAGE}" alt="Ships" loading="lazy" decoding="async"' in figure
    assert 'width="640" height="360"' in figure  # the box's shape before any style
    assert "<figcaption>The harbour — Drawn for this story</figcaption>" in figure
    # Under the event's summary, above its source.
    assert html.index("Destroyers attack") < html.index("<figure") < html.index('class="source"')


def test_an_image_without_caption_or_credit_has_no_figcaption():
    html = media_html(an_event(EventMedia(IMAGE, alt="Ships")))
    assert "<img" in html and "figcaption" not in html


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("https://www.youtube.com/watch?v=abc&t=1", "Video on youtube.com"),
        ("https://x.com/someone/status/1", "Post on x.com"),
        ("http://media.example.org/a.png", "Image on media.example.org"),
    ],
)
def test_other_media_is_a_labelled_link_that_opens_in_a_new_tab(url, label):
    html = media_html(an_event(EventMedia(url, caption="The moment", credit="Someone")))
    assert html == (
        f'<p class="event-media-link"><a href="{url.replace("&", "&amp;")}" target="_blank" '
        f'rel="noopener noreferrer">{label}</a><br><small>The moment — Someone</small></p>'
    )
    assert "<img" not in html


def test_hostile_media_text_and_addresses_stay_text():
    hostile = '"><script>window.attacked = 1</script><img src=x onerror=alert(1)>'
    media = EventMedia(
        'https://example.org/a.png?q="><script>x</script>',
        credit=hostile,
        caption=hostile,
        alt=hostile,
    )
    html = media_html(an_event(media))
    assert "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # as text, in the caption
    assert html.count("<img") == 1  # the one image the panel writes, nothing from the data
    assert 'src="https://example.org/a.png?q=&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html
    assert 'alt="&quot;&gt;&lt;script&gt;' in html
    link = media_html(an_event(EventMedia("https://example.org/page", caption=hostile)))
    assert "<script>" not in link and "&lt;script&gt;" in link


# A date as the source gives it


@pytest.mark.parametrize(
    ("date", "display_date", "html"),
    [
        ("1904-02-08", "", '<time datetime="1904-02-08">8 February 1904</time>'),
        (
            "1835",
            "Summer 1835",
            '<time datetime="1835" title="1835">Summer 1835</time> '
            '<span class="machine-date">(1835)</span>',
        ),
        (
            "1835-08-23",
            "Aug 23",
            '<time datetime="1835-08-23" title="23 August 1835">Aug 23</time> '
            '<span class="machine-date">(23 August 1835)</span>',
        ),
        ("1905", "1905", '<time datetime="1905">1905</time>'),  # the same words once
        (
            "1905",
            "<b>late</b> 1905",
            '<time datetime="1905" title="1905">&lt;b&gt;late&lt;/b&gt; 1905</time> '
            '<span class="machine-date">(1905)</span>',
        ),
    ],
)
def test_a_display_date_is_shown_first_with_the_date_beside_it(date, display_date, html):
    assert date_html(an_event(date=date, display_date=display_date)) == html


@pytest.mark.parametrize(
    ("date", "display_date", "shown", "label"),
    [
        ("1835", "Summer 1835", "Summer 1835", "Summer 1835 (1835)"),
        ("1900~", "", "c. 1900", "c. 1900"),
        ("1905", "1905", "1905", "1905"),
    ],
)
def test_an_events_date_in_one_line(date, display_date, shown, label):
    event = an_event(date=date, display_date=display_date)
    assert (event.shown_date, event.date_label) == (shown, label)


# Reading and checking the columns


def events_with(tmp_path: Path, **cells: str) -> Path:
    """The fixture story with its first event's ``cells`` changed."""
    folder = tmp_path / "story"
    folder.mkdir()
    for path in FIXTURE.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    rows = list(csv.DictReader(io.StringIO((folder / "events.csv").read_text(encoding="utf-8"))))
    header = list(rows[0])
    for name in cells:
        if name not in header:
            header.append(name)
    rows[0].update(cells)
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    (folder / "events.csv").write_text(out.getvalue(), encoding="utf-8")
    return folder


def test_the_fixture_story_reads_its_media_and_display_date():
    story = load_story(FIXTURE)
    attack = story.events_by_id["port-arthur-attack-1904"]
    assert attack.media == EventMedia(
        IMAGE,
        credit="Drawing made for this story",
        caption="The harbour and its anchored fleet",
        alt="Warships at anchor in a harbour below bare hills",
    )
    assert attack.display_date == "Night of 8–9 February 1904"
    declared = story.events_by_id["war-declared-1904"]
    assert (declared.media, declared.display_date) == (None, "")


def test_a_story_without_the_columns_has_no_media_and_no_display_dates(story):
    assert all(event.media is None and event.display_date == "" for event in story.events)


# (the first event's cells, the problem: column, rule, message); None: the story loads
LOADER_CASES = [
    ({"media_url": "https://example.org/a.jpg", "media_alt": "Ships"}, None),
    ({"media_url": "https://www.youtube.com/watch?v=a", "media_alt": ""}, None),  # not an image
    ({"media_url": "http://example.org/a.png", "media_alt": "Ships"}, None),
    ({"display_date": "x" * 80}, None),
    (
        {"media_url": "ftp://example.org/a.jpg"},
        ("media_url", "pattern", "'ftp://example.org/a.jpg' is not an http:// or https:// address"),
    ),
    (
        {"media_url": "javascript:alert(1)"},
        ("media_url", "pattern", "'javascript:alert(1)' is not an http:// or https:// address"),
    ),
    (
        {"media_url": "www.example.org/a.jpg"},
        ("media_url", "pattern", "'www.example.org/a.jpg' is not an http:// or https:// address"),
    ),
    (
        {"media_url": "https://example.org/A.JPG", "media_alt": ""},
        (
            "media_alt",
            "alt",
            "a description is required, as media_url ('https://example.org/A.JPG') is an "
            "image: say what it shows, for readers who cannot see it",
        ),
    ),
    (
        {"media_url": "https://upload.wikimedia.org/x/y", "media_alt": " "},
        (
            "media_alt",
            "alt",
            "a description is required, as media_url ('https://upload.wikimedia.org/x/y') is "
            "an image: say what it shows, for readers who cannot see it",
        ),
    ),
    (
        {"media_url": "", "media_credit": "", "media_caption": "A caption", "media_alt": ""},
        (
            "media_caption",
            "media",
            "'A caption' describes media, but media_url is empty: give the media's address, "
            "or leave this empty",
        ),
    ),
    (
        {"display_date": "x" * 81},
        ("display_date", "length", f"'{'x' * 59}…' is 81 characters long; at most 80 are allowed"),
    ),
]


@pytest.mark.parametrize(("cells", "problem"), LOADER_CASES)
def test_the_loader_checks_the_media_and_display_date_columns(tmp_path, cells, problem):
    folder = events_with(tmp_path, **cells)
    if problem is None:
        load_story(folder)
        return
    with pytest.raises(DataError) as raised:
        load_story(folder)
    column, rule, message = problem
    assert [(p.file, p.line, p.column, p.rule, p.message) for p in raised.value.problems] == [
        ("events.csv", 2, column, rule, message)
    ]
    assert f"events.csv:2: {column}: {message}" in raised.value.report()


def test_the_schema_states_the_rules_in_words_and_as_a_table_schema():
    events = schema.EVENTS
    assert "required when media_url is an image" in events.column("media_alt").rule_in_words()
    assert ".jpg" in events.column("media_alt").rule_in_words()
    assert "upload.wikimedia.org" in events.column("media_alt").rule_in_words()
    assert events.column("display_date").rule_in_words() == "at most 80 characters"
    fields = {f["name"]: f for f in events.table_schema()["fields"]}
    assert fields["display_date"]["constraints"] == {"maxLength": 80}
    assert fields["media_url"]["constraints"] == {"pattern": schema.URL_PATTERN}
    assert "constraints" not in fields["place_id"]  # an event may have no place


# Carried by the downloads and the standalone map


def test_the_events_table_gives_the_display_date_and_the_media():
    story = load_story(FIXTURE)
    table = events_table(story)
    table.index = [event.id for event in story.events]
    row = table.loc["port-arthur-attack-1904"]
    assert (row["Shown as"], row["Media"]) == ("Night of 8–9 February 1904", IMAGE)
    assert (
        row["Media caption"] == "The harbour and its anchored fleet — Drawing made for this story"
    )
    assert table.loc["war-declared-1904", "Media"] == ""


def test_the_geojson_carries_the_media_and_display_date():
    story = load_story(FIXTURE)
    [place] = [f for f in story_geojson(story)["features"] if f["properties"]["kind"] == "place"]
    [event] = place["properties"]["events"]
    assert event["display_date"] == "Night of 8–9 February 1904"
    assert event["media"] == {
        "url": IMAGE,
        "credit": "Drawing made for this story",
        "caption": "The harbour and its anchored fleet",
        "alt": "Warships at anchor in a harbour below bare hills",
    }


def test_the_standalone_maps_popups_carry_the_media_as_shown():
    story = load_story(FIXTURE)
    [place] = story_features(story, details=True)["features"]
    [event] = place["properties"]["details"]["events"]
    assert event["date"] == "Night of 8–9 February 1904 (8 February 1904)"
    assert event["media"] == {
        "kind": "image",
        "url": IMAGE,
        "label": "Warships at anchor in a harbour below bare hills",
        "caption": "The harbour and its anchored fleet — Drawing made for this story",
        "width": 640,
        "height": 360,
    }
    # The map the app draws carries no details: it has the panel beside it.
    plain = story_features(story)["features"][0]["properties"]
    assert "details" not in plain
