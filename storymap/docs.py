"""The data format's documentation, written from the schema so the two never disagree:
in the reader's language on the Your story page, in English by `python -m storymap docs`."""

from __future__ import annotations

import json

from storymap import schema
from storymap.areas import MAX_AREA_FEATURES, MAX_AREA_POSITIONS, MAX_AREAS_MB
from storymap.i18n import N_, _, ngettext
from storymap.number_text import number_text
from storymap.storyfiles import INTRODUCTION_FILENAME, MAX_INTRODUCTION_KB
from storymap.template import (
    TEMPLATE_AREAS,
    TEMPLATE_FILES,
    TEMPLATE_FOLDER,
    TEMPLATE_INTRODUCTION,
    TEMPLATE_TITLE,
)

# The page's prose, a message a paragraph (and a list's item), translated where it is
# written: the Your story page shows it in the reader's language. Its line breaks are
# kept as they are, so that the command's English file stays as it was.
_STORY_FOLDER = N_("""\
A story is a folder of UTF-8 CSV files (comma-separated, a header row first, in any
column order) and an optional GeoJSON file. The quickest start is the template folder:
download it (a zip) from the dashboard's *Your story* page, change its rows to your own
in a spreadsheet (save as CSV UTF-8), zip the folder and upload it on that page. The
examples below are the template's rows, and the template loads as it is.""")

_CHECKING = N_("""\
`python -m storymap validate FOLDER` checks a folder against the rules below and prints
every problem as `file:line: column: message`; an upload is checked by the same rules
and gets the same report. This page is written from `storymap/schema.py` by
`python -m storymap docs`; `data/datapackage.json` states the same rules as a
Frictionless Data Package (written into a folder, with its story's title, by
`python -m storymap datapackage [--title TITLE] FOLDER`, and included in the template as
`{template_folder}/datapackage.json`), so that other tools can check a folder too: with
it in your folder, run, for example, `frictionless validate datapackage.json`.""")

_FILES = N_("""\
Files: `places.csv`, `sources.csv` and `events.csv` are required; `names.csv`,
`links.csv`, `eras.csv`, `translations.csv`, `areas.geojson`, `datapackage.json` and
`{introduction_file}` are optional.""")

_TITLE = N_("""\
The story's title, shown as the map's heading, in the introduction, the sidebar and the
browser tab, and in the standalone map, is the `title` of the folder's `datapackage.json`
(the template's says "{template_title}": change it). Without one, an uploaded zip is
titled by its file name, and a folder by its name. `{introduction_file}`, if there
is one, introduces the story beside the map until a place is chosen (see below).""")

_GOOD_TO_KNOW = (
    N_("""\
**Featured and context places.** Featured places are the story's own: larger markers,
first in the place list and, for a story without an `introduction.txt`, named in the
map's introduction. Context places support them."""),
    N_("""\
**Colours.** An event belongs to the era (in `eras.csv`) whose years hold its first
year; where eras overlap, the one that starts first, unless the event names its era in
`era_id`. An era without a `to` has not ended. A marker takes the colour of its
place's latest event in the years shown (counting the events that happened there for
other places), and is dimmed when the place has no event in them. Areas are drawn in
one colour, dashed, in the years they existed."""),
    N_("""\
**Where it happened.** `place_id` is the place an event belongs to on the map. When
the event concerns that place but happened elsewhere (a treaty signed abroad, a prize
awarded in another country), `happened_at` names the place where it happened: the
panel says "Concerning this place; happened in …", that place lists it under
*Happened here*, and the map draws a dotted line between the two. Empty: it happened
at its place."""),
    N_("""\
**How sure it is.** `status` is `established` (the default, when it is empty),
`reported` (a claim attributed to someone and not verified) or `disputed` (sources
disagree). The panel, the timeline, the tour and the standalone map say so in words
for every event that is not established."""),
    N_("""\
**Events without a place.** An event whose `place_id` is empty is not drawn on the
map: the map page lists it under the map, as *Events without a place*, the timeline
shows it in a row of that name, last, and the tour shows it in the panel without
moving the map. A link to or from it is listed under *Related* but draws no arc, and
it cannot have a `happened_at`. A story may even have no places at all: it then
shows a map of the world, and every event in that list."""),
    N_("""\
**Dates as the source gives them.** `display_date` says how a date is shown when the
source gives more than a date ("Summer 1835", "Night of 8–9 February 1904"): the
panel, the timeline and the tour show it first, with the date beside it, and the
date (`date`) still orders the events and places them in the years shown."""),
    N_("""\
**Media.** `media_url` adds an image, a video or a post to an event. An `https`
image (a path ending in .jpg, .jpeg, .png, .gif, .webp or .svg, or a file on
upload.wikimedia.org) is shown under the event, with its caption and credit; any
other address is a link that says what it leads to ("Video on youtube.com", "Post on
x.com", "Media on example.org") and opens in a new tab. An image needs `media_alt`,
its description in words. A reader's browser fetches the image from its address
when the event is shown: a story's media are the only requests, besides the map's
tiles, that its pages make to other sites."""),
    N_("""\
**Years are inclusive.** A name used `from` 1905 `to` 1945 is shown for both years and
all between; so are eras and areas."""),
    N_("""\
**Sources.** A story may cite any number of sources of either kind. An event that
cites an `article` source quotes it; a `reference` needs no quote."""),
    N_("""\
**`old_style`** shows the Julian calendar date beside the Gregorian one: for events in
Russia before 14 February 1918 (or anywhere else that used the Julian calendar)."""),
    N_("""\
**Limits.** A file stops being read at 1,000 problems, and an uploaded file at its
limit of rows, with a line that says where: fix what it lists and check again. An
upload may be 20 MB in all, and a zip 60 MB once unpacked."""),
    N_("""\
**Line numbers** are the file's own lines, as a text editor counts them; in
`areas.geojson`, the line on which the feature starts."""),
)

_DATES = N_("""\
`YYYY-MM-DD`, `YYYY-MM` or `YYYY`: the form is the precision, so `1945-08` reads
"August 1945". Add `~` for "about" (`1900~` reads "c. 1900"). Write a span as
`start/end` (`1904-08-01/1905-01-02`); it must not end before it starts. The two ends
of a span may have different precisions (`1777-11/1781-01-01`), and either may carry
`~` (`1795~/1800`).""")

_INTRODUCTION_ABOUT = N_("""\
What the story is about, in a few paragraphs: shown beside the map, under the title,
until a place is chosen. Without it, the introduction names the featured places.""")

_INTRODUCTION_RULES = N_("""\
Plain UTF-8 text, at most {kilobytes} KB. Paragraphs are parted by a blank line;
the lines of a paragraph are joined into one. There is no markup: every character is
shown as it is written (`<b>` or `**` stays as typed), and the text may hold no control
characters but tabs and line ends. An empty file is the same as none.""")


def data_format_markdown() -> str:
    """The whole data format as Markdown, in the current language (the command's file is
    English)."""
    parts = [_introduction()]
    for table in schema.TABLES:
        parts.append(_table_section(table))
    parts.append(_areas_section())
    parts.append(_introduction_file_section())
    parts.append(_dates_section())
    parts.append(_good_to_know_section())
    return "\n".join(parts)


def _introduction() -> str:
    paragraphs = [
        "# " + _("The data format"),
        _(_STORY_FOLDER),
        _(_CHECKING).format(template_folder=TEMPLATE_FOLDER),
        _(_FILES).format(introduction_file=INTRODUCTION_FILENAME),
        _(_TITLE).format(template_title=TEMPLATE_TITLE, introduction_file=INTRODUCTION_FILENAME),
    ]
    return "\n\n".join(paragraphs) + "\n"


def _table_section(table: schema.Table) -> str:
    rows = ngettext(
        "An upload may have at most {count} row.",
        "An upload may have at most {count} rows.",
        table.max_rows,
    ).format(count=number_text(table.max_rows))
    lines = [
        f"## `{table.filename}`",
        "",
        f"{_(table.description)} {rows}",
        "",
    ]
    # Each header a message of its own, outside the f-string: Babel finds no call inside one.
    headers = (_("column"), _("rule"), _("meaning"), _("example"))
    lines.append("| " + " | ".join(headers) + " |")
    lines.append("| --- | --- | --- | --- |")
    for column in table.columns:
        lines.append(
            f"| `{column.name}` | {column.rule_in_words()} | {_(column.description)} "
            f"| `{column.example}` |"
        )
    for key in table.foreign_keys:
        if table.column(key.column).required:
            rule = _("{column} must be an `id` of {file}.")
        else:
            rule = _("{column}, when it is given, must be an `id` of {file}.")
        lines.append("")
        lines.append(rule.format(column=f"`{key.column}`", file=f"`{key.table}.csv`"))
    lines += [
        "",
        _example_heading(table.filename),
        "",
        "```csv",
        TEMPLATE_FILES[table.filename].rstrip("\n"),
        "```",
        "",
    ]
    return "\n".join(lines)


def _areas_section() -> str:
    lines = [
        "## " + _optional(schema.AREAS_FILENAME),
        "",
        _(
            "A GeoJSON FeatureCollection of lines and areas drawn for places, longitude "
            "first. Geometry types: {geometries}. At most {megabytes} MB, {features} "
            "features and {positions} positions in all. Each feature's properties:"
        ).format(
            geometries=", ".join(schema.AREA_GEOMETRIES),
            megabytes=MAX_AREAS_MB,
            features=number_text(MAX_AREA_FEATURES),
            positions=number_text(MAX_AREA_POSITIONS),
        ),
        "",
    ]
    lines += [f"- `{name}`: {_(meaning)}" for name, meaning in schema.AREA_PROPERTIES.items()]
    lines += [f"- `{name}`: {_(meaning)}" for name, meaning in schema.AREA_YEAR_PROPERTIES.items()]
    lines += [
        "",
        _example_heading(schema.AREAS_FILENAME),
        "",
        "```json",
        json.dumps(TEMPLATE_AREAS, ensure_ascii=False, indent=1),
        "```",
        "",
    ]
    return "\n".join(lines)


def _introduction_file_section() -> str:
    paragraphs = [
        "## " + _optional(INTRODUCTION_FILENAME),
        _(_INTRODUCTION_ABOUT),
        _(_INTRODUCTION_RULES).format(kilobytes=MAX_INTRODUCTION_KB),
        _example_heading(INTRODUCTION_FILENAME),
        f"```text\n{TEMPLATE_INTRODUCTION.rstrip()}\n```",
    ]
    return "\n\n".join(paragraphs) + "\n"


def _dates_section() -> str:
    return "## " + _("Dates") + "\n\n" + _(_DATES) + "\n"


def _good_to_know_section() -> str:
    # A list's item goes on over lines indented under its first.
    items = [f"- {_(item)}".replace("\n", "\n  ") for item in _GOOD_TO_KNOW]
    return "## " + _("Good to know") + "\n\n" + "\n".join(items) + "\n"


def _optional(filename: str) -> str:
    """The heading of an optional file: "`areas.geojson` (optional)"."""
    return _("{file} (optional)").format(file=f"`{filename}`")


def _example_heading(filename: str) -> str:
    return _("Example (the template's {file}):").format(file=f"`{filename}`")
