"""The guided tour: every event of the time window, one step at a time, in date order."""

from __future__ import annotations

from dataclasses import dataclass

from storymap.model import Event, Story
from storymap.window import TimeWindow


@dataclass(frozen=True)
class TourStep:
    event: Event
    position: int  # 1-based
    total: int
    previous: Event | None
    next: Event | None


def tour_steps(story: Story, window: TimeWindow) -> tuple[Event, ...]:
    """The tour's events: those of the window, oldest first."""
    return story.events_in(window)


def first_step(story: Story, window: TimeWindow) -> Event | None:
    """The tour's first event, found without listing the rest."""
    return next((event for event in story.events if window.contains_date(event.date)), None)


def tour_step(story: Story, window: TimeWindow, event_id: str) -> TourStep | None:
    """Where ``event_id`` stands in the tour of ``window``; None if it is not in it."""
    steps = tour_steps(story, window)
    index = next((i for i, event in enumerate(steps) if event.id == event_id), None)
    if index is None:
        return None
    return TourStep(
        event=steps[index],
        position=index + 1,
        total=len(steps),
        previous=steps[index - 1] if index > 0 else None,
        next=steps[index + 1] if index + 1 < len(steps) else None,
    )
