"""Where an imported story is written: a new or empty folder, or a story folder it replaces.

A folder that holds anything but a story that loads is refused, so that an import never
writes over someone's other files (a CSV of their own named events.csv, say), nor
leaves an old story's optional files (its links, its areas) beside the new story's,
where they would name ids it does not have. Nothing is written through a symbolic link,
and the new files are all written before any old one is removed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from storymap.load import load_story
from storymap.report import DataError
from storymap.storyfiles import STORY_FILENAMES


def target_problem(folder: Path) -> str | None:
    """Why a story can't be written into ``folder``; None when it can."""
    if folder.is_symlink():
        return "it is a symbolic link; give the folder itself"
    if not folder.exists():
        return None
    if not folder.is_dir():
        return "it is a file, not a folder"
    try:
        names = sorted(entry.name for entry in folder.iterdir())
    except OSError as error:
        return f"the folder can't be read ({error.strerror or error})"
    if not names:
        return None
    linked = [name for name in names if name in STORY_FILENAMES and (folder / name).is_symlink()]
    if linked:
        return f"its {linked[0]} is a symbolic link; an import writes no file through one"
    try:
        load_story(folder)
    except (DataError, OSError, ValueError):
        shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        return (
            f"the folder is not empty ({shown}) and holds no story that loads; choose a "
            "new or empty folder, or a story folder to replace"
        )
    return None


def write_story_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` into ``folder`` (created if need be), and remove the story files
    of a story it held that the new one does not have. Other files are left alone.

    The files are written to a new folder beside it first, then moved in: a write that
    fails (a full disk) leaves the old story as it was.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        folder.mkdir(exist_ok=True)
        for name in STORY_FILENAMES:
            if name not in files and (folder / name).is_file():
                (folder / name).unlink()
        for name in files:
            os.replace(staging / name, folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
