"""The story's lookups (era of an event, links of an event, citations of a source) give
the answers a scan would, with work that grows with the tables, not their product.

The work is counted as reads of the records' fields, so the tests are deterministic:
a scan of every era for every event reads millions of fields where an index reads
thousands.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

from storymap.dates import parse_span
from storymap.model import Era, Event, Link, Place, Source, Story
from storymap.tables import sources_table

_READS = {"count": 0}


def _counted(cls: type, fields: frozenset[str]) -> type:
    """A subclass of the record ``cls`` that counts reads of ``fields``."""

    def __getattribute__(self, name):  # noqa: N807 - the hook that counts the reads
        if name in fields:
            _READS["count"] += 1
        return object.__getattribute__(self, name)

    return dataclass(frozen=True)(
        type(f"Counted{cls.__name__}", (cls,), {"__getattribute__": __getattribute__})
    )


CountedEra = _counted(Era, frozenset({"first_year", "last_year", "contains"}))
CountedLink = _counted(Link, frozenset({"from_event", "to_event"}))
CountedEvent = _counted(Event, frozenset({"source_id", "details_source_id"}))
PLACE = Place("here", "Here", 0.0, 0.0, "featured")


def event(
    number: int, year: int, source_id: str = "s0", details: str = "", record: type = Event
) -> Event:
    return record(
        f"e{number}",
        "here",
        parse_span(str(year)),
        f"Event {number}",
        "",
        source_id,
        details_source_id=details,
    )


def story_of(events=(), eras=(), links=(), sources=None) -> Story:
    sources = sources or {"s0": Source("s0", "article", "Source 0")}
    return Story.build({"here": PLACE}, events, sources, links=links, eras=eras)


def naive_era_of(story: Story, an_event: Event) -> Era | None:
    """The rule, as a scan: the first era (by first year) that holds the first year."""
    return next(
        (era for era in story.eras if era.first_year <= an_event.date.first_year <= era.last_year),
        None,
    )


@pytest.mark.parametrize("seed", range(20))
def test_the_era_of_an_event_is_the_first_era_holding_its_year(seed):
    rng = random.Random(seed)
    eras = []
    for number in range(rng.randint(0, 40)):
        first = rng.randint(1800, 1990)
        eras.append(
            Era(
                f"era{number}",
                f"Era {number}",
                first,
                first + rng.choice([0, 0, 1, 3, 10, 50, 150]),
                "#000000",
            )
        )
    events = [event(number, rng.randint(1790, 1999)) for number in range(300)]
    story = story_of(events, eras)
    for each in story.events:
        assert story.era_of(each) is naive_era_of(story, each), each.date


@pytest.mark.parametrize(
    ("eras", "year", "expected"),
    [
        ([], 1900, None),
        ([(1900, 1910)], 1899, None),
        ([(1900, 1910)], 1900, 0),
        ([(1900, 1910)], 1910, 0),
        ([(1900, 1910)], 1911, None),
        ([(1900, 1950), (1910, 1920)], 1915, 0),  # overlapping: the earlier-starting one
        ([(1900, 1905), (1910, 1920)], 1907, None),  # in a gap
        ([(1900, 1905), (1901, 1960), (1950, 1955)], 1952, 1),  # a long era, then a later
        ([(1900, 1990), (1900, 1910)], 1905, 0),  # the same first year: the file's order
    ],
)
def test_era_of_in_edge_cases(eras, year, expected):
    story = story_of(
        [event(0, year)],
        [Era(f"era{n}", "", first, last, "#000000") for n, (first, last) in enumerate(eras)],
    )
    era = story.era_of(story.events[0])
    assert era is (None if expected is None else story.eras[expected])
    assert era is naive_era_of(story, story.events[0])


def test_finding_every_events_era_reads_each_era_a_few_times_not_once_per_event():
    size = 2000
    eras = [
        CountedEra(f"era{n}", "", 1000 + n // 3, 1000 + n // 3 + n % 7, "#000000")
        for n in range(size)
    ]
    story = story_of([event(n, 1000 + n % 900) for n in range(size)], eras)
    _READS["count"] = 0
    for each in story.events:
        story.era_of(each)
    # A scan reads about size * size / 2 eras (millions); an index a few reads each.
    assert _READS["count"] <= 4 * size


def test_the_links_of_an_event_are_in_file_order_and_a_self_link_counts_once():
    events = [event(n, 1900 + n) for n in range(4)]
    links = (
        Link("e0", "e1", "leads-to"),
        Link("e2", "e0", "compared-with"),
        Link("e1", "e2", "followed-by"),
        Link("e0", "e0", "compared-with"),
        Link("e3", "e0", "leads-to"),
    )
    story = story_of(events, links=links)
    assert story.links_of("e0") == (links[0], links[1], links[3], links[4])
    assert story.links_of("e1") == (links[0], links[2])
    assert story.links_of("e3") == (links[4],)
    assert story.links_of("nothing") == ()


def test_the_links_of_every_event_read_each_link_a_few_times_not_once_per_event():
    size = 2000
    events = [event(n, 1000 + n % 900) for n in range(size)]
    links = [CountedLink(f"e{n}", f"e{(n * 7 + 1) % size}", "leads-to") for n in range(size)]
    story = story_of(events, links=links)
    _READS["count"] = 0
    found = [story.links_of(each.id) for each in story.events]
    assert _READS["count"] <= 4 * size  # a scan reads every link for each event: millions
    assert sum(map(len, found)) == 2 * size  # each link from one event and to another


def test_the_sources_table_counts_each_citing_event_once():
    sources = {f"s{n}": Source(f"s{n}", "reference", f"Source {n}") for n in range(3)}
    events = [
        event(0, 1900, "s0"),
        event(1, 1901, "s0", "s1"),
        event(2, 1902, "s1", "s1"),
        event(3, 1903, "s1", ""),
    ]
    table = sources_table(story_of(events, sources=sources))
    assert dict(zip(table["Source"], table["Events citing it"], strict=True)) == {
        "Source 0": 2,
        "Source 1": 3,
        "Source 2": 0,
    }


def test_the_sources_table_reads_each_event_a_few_times_not_once_per_source():
    size = 2000
    sources = {f"s{n}": Source(f"s{n}", "reference", f"Source {n}") for n in range(size)}
    events = [
        event(n, 1000 + n % 900, f"s{n}", f"s{(n + 1) % size}", record=CountedEvent)
        for n in range(size)
    ]
    story = story_of(events, sources=sources)
    _READS["count"] = 0
    table = sources_table(story)
    assert set(table["Events citing it"]) == {2}
    assert _READS["count"] <= 4 * size
