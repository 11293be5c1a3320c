import pytest

from storymap.tour import first_step, tour_step, tour_steps
from storymap.window import TimeWindow


def test_the_tour_visits_every_event_of_the_window_in_date_order(story):
    steps = tour_steps(story, story.span)
    assert steps == story.events
    keys = [event.date.sort_key for event in steps]
    assert keys == sorted(keys)


def test_each_step_knows_its_neighbours(story):
    steps = tour_steps(story, story.span)
    first = tour_step(story, story.span, steps[0].id)
    assert (first.position, first.total, first.previous, first.next) == (
        1,
        len(steps),
        None,
        steps[1],
    )
    last = tour_step(story, story.span, steps[-1].id)
    assert (last.position, last.previous, last.next) == (len(steps), steps[-2], None)
    middle = tour_step(story, story.span, steps[5].id)
    assert (middle.previous, middle.event, middle.next) == steps[4:7]


@pytest.mark.parametrize(("first", "last"), [(1904, 1905), (1940, 1960), (2022, 2022)])
def test_the_tour_of_a_window_holds_only_its_events(story, first, last):
    window = TimeWindow(first, last)
    steps = tour_steps(story, window)
    assert steps and all(window.contains_date(event.date) for event in steps)
    assert tour_step(story, window, steps[0].id).total == len(steps)


def test_an_event_outside_the_window_is_not_a_step(story):
    assert tour_step(story, TimeWindow(2000, 2022), "port-arthur-attack-1904") is None


@pytest.mark.parametrize(("first", "last"), [(1855, 2022), (1940, 1960), (2022, 2022)])
def test_the_first_step_is_the_first_event_of_the_window(story, first, last):
    window = TimeWindow(first, last)
    assert first_step(story, window) == tour_steps(story, window)[0]
    assert first_step(story, TimeWindow(1700, 1750)) is None
