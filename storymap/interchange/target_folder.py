"""Where an imported story is written: a new or empty folder, or a story folder it replaces.

A folder that holds anything else is refused, so that an import never mixes a story's
files into someone's other files, nor leaves an old story's optional files (its links,
its areas) beside the new story's, where they would name ids it does not have.
"""

from __future__ import annotations

from pathlib import Path

from storymap import schema
from storymap.storyfiles import STORY_FILENAMES

# A folder holding either of these is a story folder, whatever else it holds.
_STORY_MARKS = (schema.PLACES.filename, schema.EVENTS.filename)


def target_problem(folder: Path) -> str | None:
    """Why a story can't be written into ``folder``; None when it can."""
    if not folder.exists():
        return None
    if not folder.is_dir():
        return "it is a file, not a folder"
    try:
        names = {entry.name for entry in folder.iterdir()}
    except OSError as error:
        return f"the folder can't be read ({error.strerror or error})"
    if names and not names & set(_STORY_MARKS):
        shown = ", ".join(sorted(names)[:3]) + (", …" if len(names) > 3 else "")
        return (
            f"the folder is not empty ({shown}) and is not a story folder; choose a new or "
            "empty folder, or a story folder to replace"
        )
    return None


def write_story_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` into ``folder`` (created if need be), and remove the story files
    of a story it held that the new one does not have. Other files are left alone."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in STORY_FILENAMES:
        if name not in files and (folder / name).is_file():
            (folder / name).unlink()
    for name, data in files.items():
        (folder / name).write_bytes(data)
