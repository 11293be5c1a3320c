"""Command line: ``python -m storymap validate DIR``, ``docs``, ``datapackage``, ``synth``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from storymap.docs import data_format_markdown
from storymap.load import load_story
from storymap.report import DataError
from storymap.schema import data_package
from storymap.synth import write_synthetic_story

DEFAULT_PACKAGE_TITLE = ("Russia and Japan Have Fought Before: the places and events of "
                         "the article")


def validate(folder: Path) -> int:
    """Print the folder's problems, one a line; 1 if there are any, 0 when clean."""
    try:
        story = load_story(folder)
    except DataError as error:
        print(error.report())
        print(f"{len(error.problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    print(f"{folder}: OK: {len(story.places)} places, {len(story.events)} events, "
          f"{len(story.sources)} sources, {len(story.areas)} areas")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m storymap")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a data folder and report problems")
    check.add_argument("folder", type=Path, help="the data folder, such as data/")
    commands.add_parser("docs", help="print the data format's documentation (Markdown)")
    package = commands.add_parser(
        "datapackage", help="print the data format as a Frictionless Data Package (JSON)")
    package.add_argument("--title", default=DEFAULT_PACKAGE_TITLE)
    synth = commands.add_parser("synth", help="write a synthetic data folder of any size")
    synth.add_argument("--places", type=int, required=True)
    synth.add_argument("--events-per-place", type=int, default=5)
    synth.add_argument("--seed", type=int, default=1)
    synth.add_argument("folder", type=Path)
    arguments = parser.parse_args(argv)
    if arguments.command == "validate":
        return validate(arguments.folder)
    if arguments.command == "datapackage":
        print(json.dumps(data_package(arguments.title), ensure_ascii=False, indent=2))
        return 0
    if arguments.command == "synth":
        write_synthetic_story(arguments.folder, arguments.places, arguments.events_per_place,
                              arguments.seed)
        print(f"wrote {arguments.places} places × {arguments.events_per_place} events "
              f"to {arguments.folder}")
        return 0
    print(data_format_markdown(), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
