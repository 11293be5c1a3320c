"""The timeline chart: every event of the window over time, one row per place, and a
last row for the events without a place."""

from __future__ import annotations

import json
from typing import Literal

import altair as alt
import pandas as pd
from babel.dates import get_day_names, get_month_names

from storymap import style
from storymap.downloads import neutralised
from storymap.i18n import N_, SOURCE_LANGUAGE, _, babel_locale, current_language
from storymap.loaded_story import place_order
from storymap.model import Event, Story
from storymap.panel import WITHOUT_A_PLACE
from storymap.window import TimeWindow

SELECTION = "event"  # the name of the chart's click selection
NO_ERA_LABEL = N_("Other years")  # in English here; in the chart through ``_``
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
    without_a_place, no_era = neutralised(_(WITHOUT_A_PLACE)), _(NO_ERA_LABEL)
    for event in story.events_in(window)[:limit]:
        era = story.era_of(event)
        rows.append(
            {
                "id": event.id,
                "place_id": _row_of(event),
                "place": (
                    neutralised(story.places[event.place_id].name)
                    if event.has_place
                    else without_a_place
                ),
                "title": neutralised(event.titled),  # with its status, if not established
                "when": neutralised(event.date_label),
                "start": pd.Timestamp(event.date.start.earliest),
                "end": pd.Timestamp(event.date.last_day),
                "era": neutralised(era.label) if era else no_era,
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
    no_era = _(NO_ERA_LABEL)  # as the frame has it
    if (frame["era"] == no_era).any():  # in the legend only if some event has no era
        labels.append(no_era)
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
            title=_("Era"),
            scale=alt.Scale(domain=labels, range=colours),
            # One era a row: two columns of Russian or Japanese labels leave a phone's
            # screen, and a reader cannot tell what a colour means.
            legend=alt.Legend(orient="bottom", columns=1, labelLimit=0),
        ),
        tooltip=[
            alt.Tooltip("when:N", title=_("When")),
            alt.Tooltip("title:N", title=_("Event")),
            alt.Tooltip("place:N", title=_("Place")),
        ],
        opacity=alt.condition(pick, alt.value(1.0), alt.value(style.CHART_UNPICKED_OPACITY)),
    )
    spans = base.mark_rule(strokeWidth=style.CHART_SPAN_WIDTH).encode(
        x=alt.X("start:T", title=None, scale=alt.Scale(domain=_domain(window))), x2="end:T"
    )
    points = base.mark_circle(size=style.CHART_POINT_AREA).encode(x="start:T").add_params(pick)
    chart = (spans + points).properties(height=alt.Step(36))
    locale = time_locale()
    return chart.configure(locale=alt.Locale(time=locale)) if locale else chart


# Japanese and Chinese name a month the same way alone and in a date, and CLDR gives
# their stand-alone names as an alias of the others; Babel 2.18 resolves that alias
# through data that the two locales share, so whichever of them a process loaded first
# named the other's months (二月 in Japanese, 2月 in Chinese). Their own names, then.
_NAME_CONTEXT: dict[str, Literal["format", "stand-alone"]] = {"ja": "format", "zh": "format"}


def time_locale(code: str | None = None) -> dict | None:
    """The names the time axis writes its months and days in (a d3 time-format
    locale), in ``code`` (by default the current language); None for English, which
    the chart writes by itself. A narrow window's axis names its months."""
    code = code or current_language()
    if code == SOURCE_LANGUAGE:
        return None
    locale = babel_locale(code)
    # Babel numbers the months from 1 and the days from Monday (0); d3 lists them from
    # January and from Sunday. Each name as it stands alone, as an axis label does
    # ("февраль", not "февраля").
    months, days = range(1, 13), (6, 0, 1, 2, 3, 4, 5)
    context = _NAME_CONTEXT.get(code, "stand-alone")
    month_names = {
        width: get_month_names(width, context=context, locale=locale)
        for width in ("wide", "abbreviated")
    }
    day_names = {
        width: get_day_names(width, context=context, locale=locale)
        for width in ("wide", "abbreviated")
    }
    return {
        "dateTime": "%x, %X",
        "date": "%Y-%m-%d",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": [day_names["wide"][day] for day in days],
        "shortDays": [day_names["abbreviated"][day] for day in days],
        "months": [month_names["wide"][month] for month in months],
        "shortMonths": [month_names["abbreviated"][month] for month in months],
    }


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
