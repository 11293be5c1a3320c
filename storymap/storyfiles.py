"""Where a story's files come from: a folder on the server, or a visitor's upload.

The loader reads a story through this one small interface, so an upload is checked by
exactly the code that checks a folder, and is never written to disk on the way.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from storymap import schema

PACKAGE_FILENAME = "datapackage.json"
# Every file a story folder may hold; any other file is not part of the story.
STORY_FILENAMES = (
    *(table.filename for table in schema.TABLES),
    schema.AREAS_FILENAME,
    PACKAGE_FILENAME,
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
class MemoryFiles:
    """Files held in memory, such as a visitor's upload; visible to no one else."""

    label: str
    files: dict[str, bytes] = field(default_factory=dict)

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
    return title.strip()[:120] if isinstance(title, str) and title.strip() else None
