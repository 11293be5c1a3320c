"""Where a story's files come from: a folder on the server, or a visitor's upload.

The loader reads a story through this one small interface, so an upload is checked by
exactly the code that checks a folder, and is never written to disk on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


class StoryFiles(Protocol):
    """The files of one story, by file name (``places.csv``, ``areas.geojson``…)."""

    @property
    def label(self) -> str:
        """What a report calls the story's location: a folder, or the upload."""

    def read(self, name: str) -> bytes | None:
        """The file's bytes; None if there is no such file; OSError if it can't be read."""


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


@dataclass(frozen=True)
class MemoryFiles:
    """Files held in memory, such as a visitor's upload; visible to no one else."""

    label: str
    files: dict[str, bytes] = field(default_factory=dict)

    def read(self, name: str) -> bytes | None:
        return self.files.get(name)
