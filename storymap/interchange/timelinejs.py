"""TimelineJS's JSON: a placeholder that recognises the format and reads no events yet.

PLACEHOLDER, to be replaced whole by the reader of TimelineJS's JSON.
"""

from __future__ import annotations

from storymap.interchange.draft import TIMELINEJS_JSON, StoryDraft


def read_timelinejs(name: str, document: dict) -> StoryDraft:
    """A draft of the format, with no events (placeholder)."""
    draft = StoryDraft(source_name=name, format=TIMELINEJS_JSON)
    draft.leave_out(None, "events", "TimelineJS's events are not read yet")
    return draft
