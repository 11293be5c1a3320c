"""The records as the Sources page's tables."""

from __future__ import annotations

import csv
import dataclasses

import pytest

from storymap import tables
from storymap.dates import parse_span
from storymap.load import DEFAULT_DATA_FOLDER


def test_the_sources_table_gives_each_published_date_as_the_file_writes_it(story):
    with (DEFAULT_DATA_FOLDER / "sources.csv").open(encoding="utf-8", newline="") as file:
        written = {row["title"]: row["published"] for row in csv.DictReader(file)}
    table = tables.sources_table(story)
    assert dict(zip(table["Source"], table["Published"], strict=True)) == written
    assert "2022-11" in set(table["Published"])


@pytest.mark.parametrize(
    "text", ["1905", "1945-08", "1904-02-08", "1900~", "1777-11/1781-01-01", "1795~/1800"]
)
def test_a_published_date_of_any_form_is_shown_as_written(story, text):
    source = dataclasses.replace(story.sources["article"], published=parse_span(text))
    story = dataclasses.replace(story, sources={"article": source})
    assert list(tables.sources_table(story)["Published"]) == [text]


def test_an_area_without_a_first_or_last_year_shows_an_empty_cell(story):
    from storymap.tables import areas_table

    years = areas_table(story).set_index("Area")[["From", "To"]]
    disputed = next(name for name in years.index if name.startswith("Disputed southern Kurils"))
    assert years.loc[disputed].tolist() == ["1945", ""]
