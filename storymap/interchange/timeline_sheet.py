"""TimelineJS's sheet saved as CSV: a placeholder that recognises the format and reads no
events yet.

PLACEHOLDER, to be replaced whole by the reader of TimelineJS's sheet.
"""

from __future__ import annotations

from storymap.interchange.draft import TIMELINEJS_SHEET, StoryDraft


def looks_like_timeline_sheet(header: list[str]) -> bool:
    """Whether a CSV header row is TimelineJS's sheet's: it has Year and Headline."""
    names = {" ".join(cell.split()).lower() for cell in header}
    return {"year", "headline"} <= names


def read_timeline_sheet(name: str, text: str) -> StoryDraft:
    """A draft of the format, with no events (placeholder)."""
    draft = StoryDraft(source_name=name, format=TIMELINEJS_SHEET)
    draft.leave_out(None, "events", "TimelineJS's sheet rows are not read yet")
    return draft
