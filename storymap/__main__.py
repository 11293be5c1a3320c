"""Command line: ``python -m storymap validate DIR``,
``export --html OUT | --timelinejs OUT | --storymapjs OUT [DIR]``, ``docs``,
``datapackage [--title TITLE] [DIR]``, ``synth``, ``import SOURCE OUTDIR``."""

from __future__ import annotations

import argparse
import errno
import json
import sys
from collections.abc import Callable
from pathlib import Path

from storymap.docs import data_format_markdown
from storymap.downloads import story_storymapjs_bytes, story_timelinejs_bytes
from storymap.export import write_standalone_html
from storymap.interchange import (
    MAX_FILE_BYTES,
    MAX_FILE_MB,
    no_event_problems,
    read_story_file,
    report_lines,
)
from storymap.interchange.draft import UnknownFormatError
from storymap.interchange.target_folder import target_problem, write_story_folder
from storymap.interchange.write import folder_files
from storymap.load import DEFAULT_DATA_FOLDER, load_files, load_story
from storymap.model import Story
from storymap.report import DataError
from storymap.schema import data_package
from storymap.storyfiles import (
    PACKAGE_FILENAME,
    FolderFiles,
    MemoryFiles,
    folder_title,
    story_introduction,
)
from storymap.synth import write_synthetic_story


def validate(folder: Path) -> int:
    """Print the folder's problems, one a line; 1 if there are any, 0 when clean."""
    story = _story_or_report(folder)
    if story is None:
        return 1
    print(
        f"{folder}: OK: {len(story.places)} places, {len(story.events)} events, "
        f"{len(story.sources)} sources, {len(story.areas)} areas"
    )
    return 0


def export(target: Path, folder: Path) -> int:
    """Write the story of ``folder`` as one standalone HTML file; 1 if the data is bad."""
    story = _story_or_report(folder, "; nothing written")
    if story is None:
        return 1
    write_standalone_html(story, folder_title(folder), target)
    print(
        f"wrote {target}: {len(story.places)} places, {len(story.events)} events, "
        f"{target.stat().st_size:,} bytes"
    )
    return 0


# A story as another tool's JSON file: (story, title, introduction) -> the file's bytes.
StoryWriter = Callable[[Story, str, str], bytes]
# The export options that write another tool's JSON, and how each writes it.
JSON_EXPORTS: dict[str, StoryWriter] = {
    "timelinejs": story_timelinejs_bytes,
    "storymapjs": story_storymapjs_bytes,
}


def export_json(target: Path, folder: Path, write: StoryWriter) -> int:
    """Write the story of ``folder`` as another tool's JSON file, with the folder's title
    and introduction; 1 if the data is bad."""
    story = _story_or_report(folder, "; nothing written")
    if story is None:
        return 1
    introduction = story_introduction(FolderFiles(folder)) or ""
    data = write(story, folder_title(folder), introduction)
    target.write_bytes(data)
    print(f"wrote {target}: {len(story.events)} events, {len(data):,} bytes")
    return 0


def write_data_package(folder: Path, title: str | None = None) -> int:
    """Write the data format as ``folder``'s datapackage.json, with the story's title.

    Without ``title``, the story keeps the title it has (or gets its folder's name): the
    file is read before it is written over.
    """
    if not folder.is_dir():
        print(f"{folder}: not a folder; nothing written", file=sys.stderr)
        return 1
    title = title or folder_title(folder)
    target = folder / PACKAGE_FILENAME
    package = json.dumps(data_package(title), ensure_ascii=False, indent=2) + "\n"
    target.write_text(package, encoding="utf-8")
    print(f"wrote {target}: the data format, titled “{title}”")
    return 0


def import_story(source: Path, target: Path) -> int:
    """Write another tool's story file (StoryMapJS, TimelineJS, GeoJSON points) as a
    story folder: 0 when all of it was carried over, 1 when something was left out or
    changed (the folder is written, and valid), 2 when nothing was written (the file is
    none of the formats or can't be read, no event of it can be held, the story would
    not load, or the folder is taken)."""
    try:
        data = _read_at_most(source, MAX_FILE_BYTES)
    except OSError as error:
        print(f"{source}: the file can't be read ({error.strerror or error})", file=sys.stderr)
        return 2
    if data is None:
        print(f"{source}: the file is over {MAX_FILE_MB} MB, the most read", file=sys.stderr)
        return 2
    try:
        draft = read_story_file(str(source), data)
    except UnknownFormatError as error:
        print(f"{source}: {error}", file=sys.stderr)
        return 2
    problem = target_problem(target)
    if problem:
        print(f"{target}: {problem}; nothing written", file=sys.stderr)
        return 2
    imported = folder_files(draft)
    lines = report_lines(draft, imported)
    if not imported.events:
        print("\n".join(str(problem) for problem in no_event_problems(draft, imported)))
        print(f"{source}: no event could be carried over; nothing written", file=sys.stderr)
        return 2
    try:
        load_files(MemoryFiles(str(target), imported.files), row_limits=False)
    except DataError as error:
        print("\n".join(lines))
        print(error.report())
        print(f"{source}: the story would not load as a folder; nothing written", file=sys.stderr)
        return 2  # as for a file of no known format: nothing was written
    try:
        write_story_folder(target, imported.files)
    except OSError as error:
        print(
            f"{target}: can't be written ({error.strerror or error}); nothing written",
            file=sys.stderr,
        )
        return 2
    print(
        f"{source}: {draft.format}: {imported.places} places, {imported.events} events, "
        f"{imported.sources} sources, {imported.media} media -> {target}"
    )
    for line in lines:
        print(line)
    return 0 if not lines else 1


def _read_at_most(source: Path, limit: int) -> bytes | None:
    """The bytes of the regular file ``source``; None when it holds more than ``limit``.

    Read, not trusted from its size: a device or a pipe (/dev/zero) tells a size of 0.
    """
    if source.exists() and not source.is_file():
        raise OSError(errno.EINVAL, "not a regular file")
    with source.open("rb") as file:
        data = file.read(limit + 1)
    return None if len(data) > limit else data


def _story_or_report(folder: Path, consequence: str = "") -> Story | None:
    """The folder's story; or None, with its problems printed one a line."""
    try:
        return load_story(folder)
    except DataError as error:
        print(error.report())
        print(f"{error.total:,} problem(s) in {folder}{consequence}", file=sys.stderr)
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m storymap")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a data folder and report problems")
    check.add_argument("folder", type=Path, help="the data folder, such as data/")
    standalone = commands.add_parser(
        "export",
        help="write the story as one HTML file that opens with no server, or as "
        "TimelineJS or StoryMapJS JSON",
    )
    formats = standalone.add_mutually_exclusive_group(required=True)
    formats.add_argument(
        "--html", type=Path, metavar="OUT.html", help="a standalone map: the file to write"
    )
    formats.add_argument(
        "--timelinejs", type=Path, metavar="OUT.json", help="TimelineJS3 JSON: the file to write"
    )
    formats.add_argument(
        "--storymapjs", type=Path, metavar="OUT.json", help="StoryMapJS JSON: the file to write"
    )
    standalone.add_argument(
        "folder",
        type=Path,
        nargs="?",
        default=DEFAULT_DATA_FOLDER,
        help="the data folder (default: the app's own data/)",
    )
    commands.add_parser("docs", help="print the data format's documentation (Markdown)")
    package = commands.add_parser(
        "datapackage",
        help="write the data format into a folder as a Frictionless Data Package "
        f"({PACKAGE_FILENAME}), with the story's title",
    )
    package.add_argument(
        "--title", help="the story's title (default: the title the folder's package has)"
    )
    package.add_argument(
        "folder",
        type=Path,
        nargs="?",
        default=DEFAULT_DATA_FOLDER,
        help="the data folder (default: the app's own data/)",
    )
    importer = commands.add_parser(
        "import",
        help="write a StoryMapJS, TimelineJS or GeoJSON points file as a story folder",
    )
    importer.add_argument("source", type=Path, help="the file, such as story.json")
    importer.add_argument(
        "folder", type=Path, help="the story folder to write (new, empty, or a story folder)"
    )
    synth = commands.add_parser("synth", help="write a synthetic data folder of any size")
    synth.add_argument("--places", type=int, required=True)
    synth.add_argument("--events-per-place", type=int, default=5)
    synth.add_argument("--seed", type=int, default=1)
    synth.add_argument("folder", type=Path)
    arguments = parser.parse_args(argv)
    if arguments.command == "validate":
        return validate(arguments.folder)
    if arguments.command == "export":
        for option, write in JSON_EXPORTS.items():
            target = getattr(arguments, option)
            if target is not None:
                return export_json(target, arguments.folder, write)
        return export(arguments.html, arguments.folder)
    if arguments.command == "datapackage":
        return write_data_package(arguments.folder, arguments.title)
    if arguments.command == "import":
        return import_story(arguments.source, arguments.folder)
    if arguments.command == "synth":
        write_synthetic_story(
            arguments.folder, arguments.places, arguments.events_per_place, arguments.seed
        )
        print(
            f"wrote {arguments.places} places × {arguments.events_per_place} events "
            f"to {arguments.folder}"
        )
        return 0
    print(data_format_markdown(), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
