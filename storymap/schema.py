"""The one description of a story's data folder.

Every rule about the files lives here, as data: the loader checks files against it,
the validator reports against it, and the documentation is written from it. It is
expressed as a Frictionless Table Schema (https://specs.frictionlessdata.io), so any
tool that reads Data Packages can check a story folder too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storymap.i18n import N_, _, ngettext

SLUG_PATTERN = r"[a-z0-9]+(-[a-z0-9]+)*"
# EDTF subset: a day, month or year, "~" for about, "start/end" for a span. The
# shape is checked here; whether the day exists is checked by storymap.dates.
_EDTF_POINT = r"\d{4}(-\d{2}(-\d{2})?)?~?"
DATE_PATTERN = rf"{_EDTF_POINT}(/{_EDTF_POINT})?"
URL_PATTERN = r"https?://[^\s<>\"']+"
LANGUAGE_PATTERN = r"[a-z]{2,3}"
COLOUR_PATTERN = r"#[0-9A-Fa-f]{6}"
# An event's media address is an image, shown in place and described in media_alt, by
# its path's suffix (case aside) or its host (storymap.media reads them so). Wikimedia
# Commons' files are images or media shown as one, whatever their thumbnails' paths.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg")
IMAGE_HOSTS = ("upload.wikimedia.org",)


@dataclass(frozen=True)
class Column:
    """One column of a CSV file and the rules its cells follow."""

    name: str
    description: str
    example: str
    type: str = "string"  # a Table Schema type: string or number
    required: bool = False
    unique: bool = False
    pattern: str | None = None
    pattern_rule: str | None = None  # the pattern in words, for messages and docs
    max_length: int | None = None  # the most characters a cell may hold
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    condition: str | None = None  # a rule that depends on another file, in words

    def rule_in_words(self) -> str:
        """What a valid cell looks like, said plainly, in the current language."""
        rules = []
        if self.required:
            rules.append(_("required"))
        if self.unique:
            rules.append(_("unique"))
        if self.type == "number":
            rules.append(_("a number"))
        if self.type == "integer":
            rules.append(_("a whole number"))
        if self.type == "boolean":
            rules.append(_("true or false (empty is false)"))
        if self.minimum is not None and self.maximum is not None:
            rules.append(
                _("from {minimum} to {maximum}").format(
                    minimum=f"{self.minimum:g}", maximum=f"{self.maximum:g}"
                )
            )
        if self.choices:
            rules.append(_("one of {choices}").format(choices=", ".join(self.choices)))
        if self.max_length is not None:
            rules.append(
                ngettext(
                    "at most {count} character", "at most {count} characters", self.max_length
                ).format(count=self.max_length)
            )
        # The column's own words, marked with N_ where they are defined below.
        if self.pattern_rule:
            rules.append(_(self.pattern_rule))
        if self.condition:
            rules.append(_(self.condition))
        return "; ".join(rules) or _("free text")

    def table_schema_field(self) -> dict[str, Any]:
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.max_length is not None:
            constraints["maxLength"] = self.max_length
        if self.pattern:
            constraints["pattern"] = self.pattern
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if self.choices:
            constraints["enum"] = list(self.choices)
        descriptor: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "description": self.description,
            "example": self.example,
        }
        if constraints:
            descriptor["constraints"] = constraints
        return descriptor


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str  # the name of the table whose primary key it names


@dataclass(frozen=True)
class Table:
    """One CSV file of the data folder."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: str | None = "id"
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)
    required: bool = True  # whether a story folder must have this file
    # The most rows read from an upload: past it the file is reported, and the rest not
    # read. Together these bound the time and memory one upload may take to check and
    # to hold. (A folder on the server is its operator's, and is read whole.)
    max_rows: int = 10_000

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def required_column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.required)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def table_schema(self, present_columns: tuple[str, ...] | None = None) -> dict[str, Any]:
        """The Table Schema of this file, its fields in the order they appear in it."""
        names = present_columns or self.column_names
        descriptor: dict[str, Any] = {
            "fields": [self.column(name).table_schema_field() for name in names],
            "foreignKeys": [
                {
                    "fields": [key.column],
                    "reference": {"resource": key.table, "fields": ["id"]},
                }
                for key in self.foreign_keys
                if key.column in names
            ],
            "missingValues": [""],
        }
        if self.primary_key:
            descriptor["primaryKey"] = [self.primary_key]
        return descriptor


_ID_RULE = N_("lowercase letters, digits and single hyphens, like port-arthur")
# An event that cites the story's own article quotes the sentence that states it.
QUOTED_SOURCE_KIND = "article"
# How sure an event is; an empty cell is the first.
STATUSES = ("established", "reported", "disputed")

PLACES = Table(
    name="places",
    description=N_("One row per place on the map."),
    max_rows=10_000,
    columns=(
        Column(
            "id",
            N_("Stable identifier, used in links (?place=id)."),
            "port-arthur",
            required=True,
            unique=True,
            pattern=SLUG_PATTERN,
            pattern_rule=_ID_RULE,
        ),
        Column("name", N_("Name shown on the map and in the panel."), "Port Arthur", required=True),
        Column(
            "lat",
            N_("Latitude of the marker, WGS84 decimal degrees."),
            "38.812",
            type="number",
            required=True,
            minimum=-90,
            maximum=90,
        ),
        Column(
            "lon",
            N_("Longitude of the marker, WGS84 decimal degrees."),
            "121.243",
            type="number",
            required=True,
            minimum=-180,
            maximum=180,
        ),
        Column(
            "role",
            N_("featured places are the story's own; context places support it."),
            "featured",
            required=True,
            choices=("featured", "context"),
        ),
        Column(
            "today", N_("What the place is today."), "Lüshunkou District, Dalian, Liaoning, China"
        ),
        Column(
            "location_note",
            N_("Where the marker is, when that is not the named place."),
            "The marker shows the shipyard in Kittery, Maine.",
        ),
        Column(
            "zoom",
            N_(
                "How close the map goes when the place is chosen: 1 shows the world, 18 a "
                "street. Without it, the map frames the place with its areas, or chooses by "
                "its role."
            ),
            "12",
            type="integer",
            minimum=1,
            maximum=18,
        ),
    ),
)

SOURCES = Table(
    name="sources",
    description=N_("One row per cited work."),
    max_rows=2_000,
    columns=(
        Column(
            "id",
            N_("Identifier that events cite."),
            "article",
            required=True,
            unique=True,
            pattern=SLUG_PATTERN,
            pattern_rule=_ID_RULE,
        ),
        Column(
            "kind",
            N_("article: the story's article; reference: a work that adds context."),
            "reference",
            required=True,
            choices=("article", "reference"),
        ),
        Column("title", N_("Title of the work."), "Treaty of Portsmouth", required=True),
        Column("publisher", N_("Who published it."), "Wikipedia"),
        Column(
            "url",
            N_("Web address of the work (http or https)."),
            "https://en.wikipedia.org/wiki/Treaty_of_Portsmouth",
            pattern=URL_PATTERN,
            pattern_rule=N_("an http:// or https:// address"),
        ),
        Column(
            "published",
            N_("When it was published (a date, as in events)."),
            "2022-11",
            pattern=DATE_PATTERN,
            pattern_rule=N_("a date: YYYY, YYYY-MM or YYYY-MM-DD"),
        ),
    ),
)

DISPLAY_DATE_MAX_LENGTH = 80
TAG_MAX_LENGTH = 60
_NEEDS_MEDIA_URL = N_("only with a media_url")

EVENTS = Table(
    name="events",
    description=N_("One row per event; each belongs to a place and cites a source."),
    max_rows=20_000,
    columns=(
        Column(
            "id",
            N_("Stable identifier of the event."),
            "port-arthur-attack-1904",
            required=True,
            unique=True,
            pattern=SLUG_PATTERN,
            pattern_rule=_ID_RULE,
        ),
        Column(
            "place_id",
            N_(
                "The id of the place it belongs to on the map: where it happened, unless "
                "happened_at names another place. Empty: an event without a place, listed "
                "under the map, on the timeline and in the tour, but not drawn on the map."
            ),
            "port-arthur",
        ),
        Column(
            "date",
            N_("When: YYYY-MM-DD, YYYY-MM or YYYY; '~' after it for about; start/end for a span."),
            "1904-08-01/1905-01-02",
            required=True,
            pattern=DATE_PATTERN,
            pattern_rule=N_("YYYY, YYYY-MM or YYYY-MM-DD, '~' for about, start/end for a span"),
        ),
        Column(
            "old_style",
            N_(
                "true to show the Julian (Old Style) date too, for events of "
                "Russia before 14 February 1918, when it changed calendars."
            ),
            "true",
            type="boolean",
        ),
        Column("title", N_("A short headline."), "Siege of Port Arthur", required=True),
        Column(
            "summary",
            N_("One or two sentences."),
            "Japanese forces besiege the Russian fleet's base.",
            required=True,
        ),
        Column("source_id", N_("The id of the source that supports it."), "article", required=True),
        Column(
            "details_source_id",
            N_(
                "The id of a source for details the first one does not state, such as an "
                "exact date."
            ),
            "wp-battle-of-port-arthur",
        ),
        Column(
            "quote",
            N_("The source's own words that state the event."),
            "On February 8, 1904, Japan launched a surprise attack on Port Arthur",
            # The kind is QUOTED_SOURCE_KIND's, written out to be one message to translate.
            condition=N_("required when the source's kind is article"),
        ),
        Column(
            "happened_at",
            N_(
                "For an event that concerns its place but happened elsewhere (a treaty signed "
                "abroad, say): the id of the place where it happened. Empty: it happened at "
                "its place."
            ),
            "portsmouth",
            condition=N_("only for an event with a place_id"),
        ),
        Column(
            "status",
            N_(
                "How sure it is: established (empty is established), reported (a claim "
                "attributed to someone and not verified) or disputed (sources disagree)."
            ),
            "reported",
            choices=STATUSES,
        ),
        Column(
            "era_id",
            N_(
                "The id of the era it belongs to, for an event in years where eras overlap. "
                "Empty: the first era, by first year, that holds its first year."
            ),
            "war-1904",
            condition=N_("the era must hold the event's first year"),
        ),
        Column(
            "tag",
            N_(
                "A theme the event belongs to, shown beside its date: TimelineJS's group, "
                "when it is not a place (Diplomacy, say)."
            ),
            "Diplomacy",
            max_length=TAG_MAX_LENGTH,
        ),
        Column(
            "display_date",
            N_(
                "How the date is shown, when the source gives more than a date: the panel, "
                "the timeline and the tour show it in place of the date, with the date beside "
                "it. The date still orders the events and places them in the years shown."
            ),
            "Night of 8–9 February 1904",
            max_length=DISPLAY_DATE_MAX_LENGTH,
        ),
        Column(
            "media_url",
            N_(
                "An image, video or post that shows the event. An https image is shown under "
                "the event; any other address is a link that says what it leads to (Video on "
                "youtube.com, Post on x.com, Media on …)."
            ),
            "https://example.org/images/port-arthur-1904.jpg",
            pattern=URL_PATTERN,
            pattern_rule=N_("an http:// or https:// address"),
        ),
        Column(
            "media_credit",
            N_("Who made the media, and its licence."),
            "Unknown photographer, public domain",
            condition=_NEEDS_MEDIA_URL,
        ),
        Column(
            "media_caption",
            N_("What the media shows, in a sentence."),
            "The Russian fleet's base at Port Arthur",
            condition=_NEEDS_MEDIA_URL,
        ),
        Column(
            "media_alt",
            N_("The image in words, for readers who cannot see it."),
            "Warships at anchor in a harbour below bare hills",
            # An image is as IMAGE_SUFFIXES and IMAGE_HOSTS say, written out to be one
            # message to translate.
            condition=N_(
                "required when media_url is an image (its path ends in .jpg, .jpeg, .png, "
                ".gif, .webp or .svg, case aside, or it is on upload.wikimedia.org); only "
                "with a media_url"
            ),
        ),
    ),
    foreign_keys=(
        ForeignKey("place_id", "places"),
        ForeignKey("source_id", "sources"),
        ForeignKey("details_source_id", "sources"),
        ForeignKey("happened_at", "places"),
        ForeignKey("era_id", "eras"),
    ),
)

_YEAR_RULE: dict[str, Any] = {"type": "integer", "minimum": -9999, "maximum": 9999}

NAMES = Table(
    name="names",
    description=N_("Names of places in other languages, and the years they were used."),
    primary_key=None,
    required=False,
    columns=(
        Column("place_id", N_("The id of the place."), "port-arthur", required=True),
        Column(
            "language",
            N_("ISO 639-1 code of the language."),
            "ru",
            required=True,
            pattern=LANGUAGE_PATTERN,
            pattern_rule=N_("a two- or three-letter language code"),
        ),
        Column("name", N_("The name, in its own script."), "Порт-Артур", required=True),
        Column("romanized", N_("The name in Latin letters, when its script is not."), "Port-Artur"),
        Column(
            "from",
            N_("First year the name was used, if it belongs to a period."),
            "1898",
            **_YEAR_RULE,
        ),
        Column(
            "to",
            N_("Last year the name was used, if it belongs to a period."),
            "1905",
            **_YEAR_RULE,
        ),
    ),
    foreign_keys=(ForeignKey("place_id", "places"),),
)

LINKS = Table(
    name="links",
    description=N_("Typed links between events, drawn as arcs and listed as related."),
    primary_key=None,
    required=False,
    columns=(
        Column(
            "from_event",
            N_("The id of the event the link starts at."),
            "port-arthur-attack-1904",
            required=True,
        ),
        Column(
            "to_event",
            N_("The id of the event it leads to."),
            "portsmouth-treaty-signed-1905",
            required=True,
        ),
        Column(
            "type",
            N_("How the two are linked."),
            "ended-by",
            required=True,
            choices=("leads-to", "ended-by", "compared-with", "followed-by"),
        ),
        Column("label", N_("A short phrase shown on the arc."), "the war it began ends here"),
    ),
    foreign_keys=(ForeignKey("from_event", "events"), ForeignKey("to_event", "events")),
)

ERAS = Table(
    name="eras",
    description=N_("Periods that colour the markers and events, with the legend's words."),
    max_rows=500,
    required=False,
    columns=(
        Column(
            "id",
            N_("Identifier of the era."),
            "war-1904",
            required=True,
            unique=True,
            pattern=SLUG_PATTERN,
            pattern_rule=_ID_RULE,
        ),
        Column(
            "label",
            N_("The legend's words for it."),
            "Empires and the war of 1904–1905",
            required=True,
        ),
        Column("from", N_("First year."), "1855", required=True, **_YEAR_RULE),
        Column("to", N_("Last year; empty if it has not ended."), "1918", **_YEAR_RULE),
        Column(
            "colour",
            N_("Colour of its markers, as #RRGGBB."),
            "#D55E00",
            required=True,
            pattern=COLOUR_PATTERN,
            pattern_rule=N_("a colour written #RRGGBB"),
        ),
    ),
)

# What translations.csv may translate: for each kind of record, its fields. A quote is
# the source's own words: its translation is shown beside it, never in its place.
TRANSLATED_FIELDS: dict[str, tuple[str, ...]] = {
    "story": ("title", "introduction"),
    "place": ("name", "today", "location_note"),
    "event": ("title", "summary", "quote", "display_date"),
    "era": ("label",),
    "link": ("label",),
    "area": ("name",),
}
STORY_RECORD = "story"  # the story itself, which has no id
# Between a link's two events in the id translations.csv names it by (links.csv has no
# id column); an event's id, a slug, never holds it.
LINK_ID_SEPARATOR = ">"


def link_id(from_event: str, to_event: str) -> str:
    """How translations.csv names a link: its two events' ids, as ``from>to``."""
    return f"{from_event}{LINK_ID_SEPARATOR}{to_event}"


# The most characters of a story's title that are shown (its datapackage.json's, or a
# translation's).
TITLE_MAX_LENGTH = 120
_TRANSLATED_FIELD_NAMES = tuple(
    dict.fromkeys(name for names in TRANSLATED_FIELDS.values() for name in names)
)

TRANSLATIONS = Table(
    name="translations",
    description=N_(
        "The story's own text in other languages: its title and introduction, and the words "
        "of its places, events, eras, links and areas. A reader of the dashboard in one of "
        "these languages reads the story in it; any text without a translation is shown as "
        "written. A quote stays as the source wrote it, with its translation beside it."
    ),
    primary_key=None,
    required=False,
    max_rows=50_000,
    columns=(
        Column(
            "language",
            N_("ISO 639 code of the language of the translation."),
            "ru",
            required=True,
            pattern=LANGUAGE_PATTERN,
            pattern_rule=N_("a two- or three-letter language code"),
        ),
        Column(
            "record",
            N_(
                "What is translated: the story itself, or one of its places, events, eras, "
                "links or areas."
            ),
            "event",
            required=True,
            choices=tuple(TRANSLATED_FIELDS),
        ),
        Column(
            "id",
            N_(
                "The id of the place, event, era or area; for a link, its from_event and "
                "to_event, written from_event>to_event; empty for the story."
            ),
            "port-arthur-attack-1904",
            condition=N_(
                "an id of places.csv, events.csv, eras.csv or areas.geojson, or a link of "
                "links.csv, as record says; empty for the story; the column is required"
            ),
        ),
        Column(
            "field",
            N_(
                "The text translated: for the story, title or introduction; for a place, name, "
                "today or location_note; for an event, title, summary, quote or display_date; "
                "for an era or a link, label; for an area, name."
            ),
            "title",
            required=True,
            choices=_TRANSLATED_FIELD_NAMES,
            condition=N_(
                "a field of its record; each language, record, id and field once; an "
                "introduction, a quote, a display date, a today, a location note or a link's "
                "label only where the original has one; links or areas that share an id must "
                "share the text translated"
            ),
        ),
        Column(
            "text",
            N_("The translation."),
            "Внезапное нападение Японии на Порт-Артур",
            required=True,
            condition=N_("no longer than the text it translates may be"),
        ),
    ),
)

TABLES: tuple[Table, ...] = (PLACES, SOURCES, EVENTS, NAMES, LINKS, ERAS, TRANSLATIONS)


def data_package(title: str) -> dict[str, Any]:
    """The data folder as a Frictionless Data Package: every CSV file and its Table Schema.

    Written to ``data/datapackage.json`` by ``python -m storymap datapackage``, so that
    other tools can read and check a story folder with these same rules.
    """
    return {
        "profile": "tabular-data-package",
        "name": "storymap-story",
        "title": title,
        "resources": [
            {
                "name": table.name,
                "path": table.filename,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": table.description + ("" if table.required else " (optional)"),
                "schema": table.table_schema(),
            }
            for table in TABLES
        ],
    }


AREAS_FILENAME = "areas.geojson"
AREA_GEOMETRIES = ("LineString", "MultiLineString", "Polygon", "MultiPolygon")
AREA_PROPERTIES = {
    "id": N_("Stable identifier of the area."),
    "place_id": N_("The place it belongs to; clicking the area selects it."),
    "name": N_("Name shown when hovering over the area."),
}
AREA_YEAR_PROPERTIES = {
    "from": N_("First year the area existed (optional; a whole number)."),
    "to": N_("Last year the area existed (optional; a whole number; none if it still does)."),
}
