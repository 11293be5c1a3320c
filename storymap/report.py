"""Problems found in a data folder, each pinned to a file, a line and a column."""

from __future__ import annotations

from dataclasses import dataclass

from storymap.i18n import _, ngettext
from storymap.number_text import number_text

WHOLE_FILE = "-"  # the line or column of a problem that concerns the whole file
# Past this many, more problems only bury the first ones; fixing those comes first. A file
# stops being read once it has this many, so a broken file costs no more than this.
MAX_PROBLEMS = 1000


@dataclass(frozen=True, order=True)
class Problem:
    """One broken rule: ``places.csv:4: lat: '95' must be from -90 to 90``."""

    file: str
    line: int | str
    column: str
    message: str
    rule: str = ""  # the rule's short name, such as "range" or "reference", for tests and tools

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


NOT_LISTED = "not-listed"  # the rule of the last line of a report cut at MAX_PROBLEMS


class DataError(Exception):
    """A data folder that breaks the rules; carries the problems found, in reading order.

    Past MAX_PROBLEMS, the first ones are kept and a last line says how many more there
    are; ``total`` counts them all. (``total`` is given when the problems were already
    cut, as a worker's report is.)
    """

    def __init__(self, folder: str, problems: list[Problem], total: int | None = None):
        self.folder = folder
        self.total = len(problems) if total is None else total
        ordered = sorted(problems, key=_reading_order)
        if len(ordered) > MAX_PROBLEMS:
            rest = len(ordered) - (MAX_PROBLEMS - 1)
            ordered = [
                *ordered[: MAX_PROBLEMS - 1],
                Problem(
                    WHOLE_FILE,
                    WHOLE_FILE,
                    WHOLE_FILE,
                    ngettext(
                        "and {count} more problem, not listed; fix the ones above first",
                        "and {count} more problems, not listed; fix the ones above first",
                        rest,
                    ).format(count=number_text(rest)),
                    NOT_LISTED,
                ),
            ]
        self.problems = ordered
        super().__init__(f"{self.total} problem(s) in {folder}")

    def report(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def _reading_order(problem: Problem) -> tuple:
    line = problem.line if isinstance(problem.line, int) else 0
    return (problem.rule == NOT_LISTED, problem.file, line, problem.column, problem.message)


def unreadable_file(name: str, error: OSError) -> Problem:
    return Problem(
        name,
        WHOLE_FILE,
        WHOLE_FILE,
        _("the file can't be read ({error}); check that the app's user may read it").format(
            error=error.strerror or error
        ),
        "file",
    )


def shorten(value, limit: int = 60) -> str:
    """A value short enough to quote in a problem's message."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def first_per_cell(problems: list[Problem]) -> list[Problem]:
    """One problem per cell: a cell such as 'nan' breaks several rules at once."""
    seen: set[tuple] = set()
    kept = []
    for problem in problems:
        cell = (problem.file, problem.line, problem.column)
        if problem.line == WHOLE_FILE or cell not in seen:
            kept.append(problem)
        seen.add(cell)
    return kept
