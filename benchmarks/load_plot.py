"""The load test's curve as a picture, drawn with altair (the app's own chart library)."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd

GOAL_P95_MS = 1000


def curve_chart(rows: list[dict]) -> alt.HConcatChart:
    """Readers against click latency (p50, p95, and the 1 s goal), and against clicks
    served per second and the server's CPU."""
    latency = pd.DataFrame(
        [
            {"readers": row["readers"], "measure": name, "ms": max(row[key], 1)}
            for row in rows
            for key, name in (("p50", "click p50"), ("p95", "click p95"))
        ]
    )
    throughput = pd.DataFrame(
        [
            {"readers": row["readers"], "measure": name, "value": row[key]}
            for row in rows
            for key, name in (("clicks/s", "clicks served per second"), ("cpu", "server CPU %"))
        ]
    )
    readers = alt.X("readers:Q", title="readers, each clicking every ~10 s")
    lines = (
        alt.Chart(latency)
        .mark_line(point=True)
        .encode(
            readers,
            alt.Y("ms:Q", title="click to panel, ms (log scale)", scale=alt.Scale(type="log")),
            alt.Color("measure:N", title=None),
        )
    )
    goal = (
        alt.Chart(pd.DataFrame({"ms": [GOAL_P95_MS]}))
        .mark_rule(strokeDash=[4, 4], color="gray")
        .encode(y="ms:Q")
    )
    served = (
        alt.Chart(throughput)
        .mark_line(point=True)
        .encode(readers, alt.Y("value:Q", title=None), alt.Color("measure:N", title=None))
    )
    return alt.hconcat(
        (lines + goal).properties(title="Click latency", width=320, height=220),
        served.properties(title="Clicks served and server CPU", width=320, height=220),
    ).resolve_scale(color="independent")


def save_curve_plot(rows: list[dict], path: Path) -> None:
    """Write the curve to ``path`` (SVG: text in the repository, sharp at any size)."""
    curve_chart(rows).save(str(path), format="svg")
