"""The timeline chart: every event of the window over time, one row per place, and a
last row for the events without a place."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from storymap import style
from storymap.downloads import neutralised
from storymap.loaded_story import place_order
from storymap.model import Event, Story
from storymap.panel import WITHOUT_A_PLACE
from storymap.window import TimeWindow

SELECTION = "event"  # the name of the chart's click selection
NO_ERA_LABEL = "Other years"
# The row of the events without a place: not a place id (ids are slugs), so it can
# never be a place's row.
WITHOUT_A_PLACE_ROW = "(none)"


def timeline_frame(story: Story, window: TimeWindow, limit: int | None = None) -> pd.DataFrame:
    """One row per event in the window (the first ``limit``): when, where, what, era.

    ``place_id`` is the chart's row, so that two places with one name keep a row each;
    ``place`` is the name the row is labelled with. The events without a place share
    the row ``WITHOUT_A_PLACE_ROW``. ``when`` is the date as the tooltip says it: the
    event's display date, with the date itself beside it.

    The chart's "Show data" view is a table with a "Download as CSV" that writes the
    cells as they are, so the text from the data is neutralised as the CSV downloads
    are: a cell a spreadsheet would run starts with an apostrophe.
    """
    rows = []
    for event in story.events_in(window)[:limit]:
        era = story.era_of(event)
        rows.append(
            {
                "id": event.id,
                "place_id": _row_of(event),
                "place": neutralised(
                    story.places[event.place_id].name if event.has_place else WITHOUT_A_PLACE
                ),
                "title": neutralised(event.titled),  # with its status, if not established
                "when": neutralised(event.date_label),
                "start": pd.Timestamp(event.date.start.earliest),
                "end": pd.Timestamp(event.date.last_day),
                "era": neutralised(era.label) if era else NO_ERA_LABEL,
            }
        )
    return pd.DataFrame(
        rows, columns=["id", "place_id", "place", "title", "when", "start", "end", "era"]
    )


def timeline_chart(story: Story, window: TimeWindow, limit: int | None = None) -> alt.Chart:
    """Events as marks over time, grouped by place and coloured by era; click to select."""
    frame = timeline_frame(story, window, limit)
    labels = [neutralised(era.label) for era in story.eras]  # as the frame has them
    colours = [era.colour for era in story.eras]
    if (frame["era"] == NO_ERA_LABEL).any():  # in the legend only if some event has no era
        labels.append(NO_ERA_LABEL)
        colours.append(style.NO_ERA_COLOUR)
    pick = alt.selection_point(name=SELECTION, fields=["id"], on="click")
    base = alt.Chart(frame).encode(
        y=alt.Y(
            "place_id:N",
            title=None,
            sort=_place_order(story, frame),
            axis=alt.Axis(labelExpr=_name_of_row(frame)),
        ),
        color=alt.Color(
            "era:N",
            title="Era",
            scale=alt.Scale(domain=labels, range=colours),
            legend=alt.Legend(orient="bottom", columns=2, labelLimit=0),
        ),
        tooltip=[
            alt.Tooltip("when:N", title="When"),
            alt.Tooltip("title:N", title="Event"),
            alt.Tooltip("place:N", title="Place"),
        ],
        opacity=alt.condition(pick, alt.value(1.0), alt.value(style.CHART_UNPICKED_OPACITY)),
    )
    spans = base.mark_rule(strokeWidth=style.CHART_SPAN_WIDTH).encode(
        x=alt.X("start:T", title=None, scale=alt.Scale(domain=_domain(window))), x2="end:T"
    )
    points = base.mark_circle(size=style.CHART_POINT_AREA).encode(x="start:T").add_params(pick)
    return (spans + points).properties(height=alt.Step(36))


def picked_event(selection_state, story: Story) -> str | None:
    """The id of the event clicked in the chart, from Streamlit's selection state."""
    try:
        points = selection_state.selection.get(SELECTION) or []
    except AttributeError:
        return None
    picked = points[0].get("id") if points and isinstance(points[0], dict) else None
    return picked if picked in story.events_by_id else None


def _row_of(event: Event) -> str:
    return event.place_id if event.has_place else WITHOUT_A_PLACE_ROW


def _place_order(story: Story, frame: pd.DataFrame) -> list[str]:
    """The ids of the places in ``frame``, in the place list's order; then the row of
    the events without a place, if it has any."""
    shown = set(frame["place_id"])
    rows = [place_id for place_id in place_order(story) if place_id in shown]
    return rows + [WITHOUT_A_PLACE_ROW] if WITHOUT_A_PLACE_ROW in shown else rows


def _name_of_row(frame: pd.DataFrame) -> str:
    """A Vega expression that labels each row, a place id, with the place's name.

    The names are written as JSON string literals, which the expression language reads
    as they are: no name can end its string or add to the expression.
    """
    names = dict(zip(frame["place_id"], frame["place"], strict=True))
    return f"{json.dumps(names)}[datum.value]"


def _domain(window: TimeWindow) -> list[str]:
    return [f"{window.first}-01-01", f"{window.last}-12-31"]
