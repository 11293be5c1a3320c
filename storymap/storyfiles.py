"""Where a story's files come from: a folder on the server, or a visitor's upload; and
what a story says of itself in them: its title and its introduction.

The loader reads a story through this one small interface, so an upload is checked by
exactly the code that checks a folder, and is never written to disk on the way.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from storymap import schema
from storymap.i18n import _
from storymap.number_text import number_text
from storymap.report import WHOLE_FILE, Problem, unreadable_file

PACKAGE_FILENAME = "datapackage.json"
INTRODUCTION_FILENAME = "introduction.txt"
# Every file a story folder may hold; any other file is not part of the story.
STORY_FILENAMES = (
    *(table.filename for table in schema.TABLES),
    schema.AREAS_FILENAME,
    PACKAGE_FILENAME,
    INTRODUCTION_FILENAME,
)


class StoryFiles(Protocol):
    """The files of one story, by file name (``places.csv``, ``areas.geojson``…)."""

    @property
    def label(self) -> str:
        """What a report calls the story's location: a folder, or the upload."""

    def read(self, name: str) -> bytes | None:
        """The file's bytes; None if there is no such file; OSError if it can't be read."""

    def has(self, name: str) -> bool:
        """Whether the story has the file, without reading it."""


@dataclass(frozen=True)
class FolderFiles:
    """The files of a data folder on the server."""

    folder: Path

    @property
    def label(self) -> str:
        return str(self.folder)

    def read(self, name: str) -> bytes | None:
        path = self.folder / name
        if not path.is_file():
            return None
        return path.read_bytes()  # an unreadable file raises OSError

    def has(self, name: str) -> bool:
        return (self.folder / name).is_file()


@dataclass(frozen=True)
class Conversion:
    """What a file in another tool's format (StoryMapJS, say) became as a story's files.

    It keeps the counts, not a sentence: the reader may change the interface's language
    after the upload, and the summary follows.
    """

    file: str  # the file's name: "story.json"
    format: str  # what it was read as: "StoryMapJS"
    places: int = 0
    events: int = 0
    sources: int = 0
    media: int = 0
    lines: tuple[str, ...] = ()  # one for each thing not carried over, ``SOURCE:row: field: …``
    left_out: int = 0  # how many things were not carried over: lines past a cap count too

    @property
    def summary(self) -> str:
        """ "story.json: StoryMapJS: 3 places, 4 events, 2 sources, 1 media", in the
        reader's language."""
        return _(
            "{file}: {format}: {places} places, {events} events, {sources} sources, {media} media"
        ).format(
            file=self.file,
            format=self.format,
            places=number_text(self.places),
            events=number_text(self.events),
            sources=number_text(self.sources),
            media=number_text(self.media),
        )


@dataclass(frozen=True)
class MemoryFiles:
    """Files held in memory, such as a visitor's upload; visible to no one else."""

    label: str
    files: dict[str, bytes] = field(default_factory=dict)
    conversion: Conversion | None = None  # for files made from another tool's file

    def read(self, name: str) -> bytes | None:
        return self.files.get(name)

    def has(self, name: str) -> bool:
        return name in self.files


# A Data Package of a story's files is a few kilobytes; only its title is read from it.
MAX_PACKAGE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class PackedFiles:
    """Files held compressed in memory: a checked upload, kept for its downloads only."""

    label: str
    packed: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def pack(cls, label: str, files: dict[str, bytes]) -> PackedFiles:
        # The fastest level: CSV text shrinks to a fifth or less even so.
        return cls(label, {name: zlib.compress(data, 1) for name, data in files.items()})

    def read(self, name: str) -> bytes | None:
        packed = self.packed.get(name)
        return None if packed is None else zlib.decompress(packed)

    def has(self, name: str) -> bool:
        return name in self.packed


def package_title(files: StoryFiles) -> str | None:
    """The title in the story's datapackage.json, if it has a readable one.

    A file over MAX_PACKAGE_BYTES is not parsed: parsed whole, a large one would take
    some thirty times its size in memory, for one string.
    """
    try:
        data = files.read(PACKAGE_FILENAME)
        if not data or len(data) > MAX_PACKAGE_BYTES:
            return None
        title = json.loads(data.decode("utf-8-sig")).get("title")
    except (OSError, UnicodeDecodeError, ValueError, AttributeError, RecursionError):
        return None
    if not isinstance(title, str):
        return None
    return showable_title(title)


def showable_title(title: str) -> str | None:
    """``title`` as the app may show it in its own frame (the heading, the banner, the
    browser's tab): without control and direction characters, and not too long."""
    shown = _showable(title).strip()[: schema.TITLE_MAX_LENGTH]
    return shown or None


# Direction overrides and isolates: one left open turns the app's own text after the
# title around (a file name "gnp.exe" shown as "exe.png").
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def _showable(text: str) -> str:
    """``text`` without what a page cannot show or should not: control characters,
    lone surrogates (JSON's "\\ud800" escape makes one; Streamlit then fails to send
    the page) and direction controls."""
    return "".join(
        character
        for character in text
        if unicodedata.category(character) not in ("Cc", "Cs") and character not in _BIDI_CONTROLS
    )


def translated_title(files: StoryFiles, code: str) -> str | None:
    """The story's title in ``code`` as its translations.csv gives it, read without
    loading the story (as package_title reads the title); None if it gives none, or the
    file cannot be read. A file over MAX_TRANSLATIONS_BYTES is not read for it."""
    try:
        data = files.read(schema.TRANSLATIONS.filename)
        if not data or len(data) > MAX_TRANSLATIONS_BYTES:
            return None
        rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        for row in rows:
            if (row.get("language"), row.get("record"), row.get("field")) == (
                code,
                schema.STORY_RECORD,
                "title",
            ):
                return showable_title(row.get("text") or "")
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    return None


# A served folder's translations.csv read for its title alone, before the story is.
MAX_TRANSLATIONS_BYTES = 20 * 1024 * 1024


def folder_title(folder: Path) -> str:
    """The title of the story in ``folder``: its datapackage.json's, else the folder's name."""
    title = package_title(FolderFiles(folder))
    if title:
        return title
    try:
        return Path(folder).resolve().name  # "data", also when it was given as "."
    except (OSError, RuntimeError):  # a loop of links
        return Path(folder).name


# An introduction is a few paragraphs, shown whenever no place is chosen.
MAX_INTRODUCTION_KB = 10
MAX_INTRODUCTION_BYTES = MAX_INTRODUCTION_KB * 1024
_LINE_ENDS = re.compile(r"\r\n?")


def story_introduction(files: StoryFiles) -> str | None:
    """The text of the story's introduction.txt; None if it has none, or a blank one.

    None too if the file breaks a rule: the loader reports those (introduction_problems),
    and refuses the story.
    """
    text, problem = _read_introduction(files)
    return None if problem else text


def introduction_problems(files: StoryFiles) -> list[Problem]:
    """What is wrong with the story's introduction.txt, if anything: at most one problem."""
    _text, problem = _read_introduction(files)
    return [problem] if problem else []


def _read_introduction(files: StoryFiles) -> tuple[str | None, Problem | None]:
    """The introduction as plain text, line ends made "\\n", or the rule it breaks."""
    name = INTRODUCTION_FILENAME
    try:
        data = files.read(name)
    except OSError as error:
        return None, unreadable_file(name, error)
    if data is None:
        return None, None
    if len(data) > MAX_INTRODUCTION_BYTES:
        return None, _whole_file(
            _(
                "the file is {size} bytes; the limit is {limit} bytes ({kb} KB), "
                "for a few paragraphs"
            ).format(
                size=number_text(len(data)),
                limit=number_text(MAX_INTRODUCTION_BYTES),
                kb=MAX_INTRODUCTION_KB,
            ),
            "size",
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, _whole_file(_("the file is UTF-16 text; save it as UTF-8"), "encoding")
    if b"\x00" in data:
        return None, _whole_file(
            _("this is a binary file, not text; save it as plain text"), "encoding"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = _("byte {byte} is not UTF-8 text; save the file as UTF-8").format(
            byte=f"0x{data[error.start]:02x}"
        )
        return None, Problem(name, line, WHOLE_FILE, message, "encoding")
    text = _LINE_ENDS.sub("\n", text)
    found = first_control_character(text)
    if found is not None:
        line, control = found
        return None, Problem(name, line, WHOLE_FILE, control_character_message(control), "text")
    return text.strip() or None, None


def first_control_character(text: str) -> tuple[int, str] | None:
    """The line (from 1) and the first control character of ``text`` that plain text
    does not hold (a tab and line ends may be); None if there is none."""
    for line, line_text in enumerate(text.split("\n"), start=1):
        control = next(
            (c for c in line_text if c not in "\t\r" and unicodedata.category(c) == "Cc"), None
        )
        if control is not None:
            return line, control
    return None


def control_character_message(control: str) -> str:
    return _("the line holds the control character {code}; an introduction is plain text").format(
        code=f"U+{ord(control):04X}"
    )


def _whole_file(message: str, rule: str) -> Problem:
    return Problem(INTRODUCTION_FILENAME, WHOLE_FILE, WHOLE_FILE, message, rule)
