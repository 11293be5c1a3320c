"""The benchmarks' reports show the cold and restart first paints beside the warm one
(the figures here are made up; ``make bench`` and ``make bench-cold`` measure them)."""

from __future__ import annotations

from benchmarks import bench, cold_start
from benchmarks.bench import Figures


def figures(app: str, dataset: str, places: int, warm: float, cold: float | None) -> Figures:
    made = Figures(app, dataset, places, first_paint_ms=[warm, warm + 100, warm - 100])
    made.cold_paint_ms = cold
    made.restart_paint_ms = cold and (warm + cold) / 2
    made.click_ms, made.rerun_ms, made.peak_rss_mb = [300.0], [30.0], 200.0
    return made


def test_the_growth_table_has_the_cold_and_restart_columns_and_their_ratios():
    sizes = {"default": None}
    results = [
        figures("product", "default", 12, 1_000, 1_500),
        figures("baseline", "default", 12, 1_200, 2_400),
        figures("product", "10,000 × 5", 10_000, 2_000, 5_000),
    ]
    report = bench._report(results, sizes, [10_000], {"cores": 2})
    assert "| first paint ms | cold first paint ms | cold ÷ warm | restart first paint" in report
    assert "| 10,000 × 5 | 2,000 | 5,000 | 2.50× | 3,500 | 1.75× |" in report
    # the product's cold load follows its server's first run, the baseline's does not
    assert "| default | **baseline ÷ product** | 1.2× | – |" in report
    assert "*Cold* is that first load" in report


def test_a_cold_load_that_timed_out_says_so():
    timed_out = figures("product", "10,000 × 5", 10_000, 2_000, float("inf"))
    summary = timed_out.summary()
    assert summary["cold first paint ms"] == float("inf")
    assert bench._fmt(summary["cold first paint ms"]) == "timeout"


def test_the_cold_start_section_lists_each_run_with_its_start_and_the_baseline():
    measured = cold_start.ColdStart(
        10_000,
        start_ms=[3_000, 3_400, 3_200],
        cold_ms=[2_400, 2_000, 2_200],
        warm_ms=[2_000] * 9,
        restart_start_ms=[1_500] * 3,
        restart_ms=[2_100] * 3,
        off_start_ms=[1_000, 1_200, 1_100],
        off_ms=[5_000, 4_000, 6_000],
        at_start_ms=[5_500, 5_600, 5_700],
        off_at_start_ms=[5_400, 5_900, float("inf")],
    )
    section = cold_start.report([measured], 3, 3)
    assert section.startswith(cold_start.SECTION + "\n")
    assert (
        "| 10,000 | 3,200 | 2,200 | 2,000 | 1.10× | 1,500 | 2,100 | 1.05× | 1,100 | 5,000 "
        "| 2.50× | 5,600 | 5,900 | 2,400, 2,000, 2,200 | 5,000, 4,000, 6,000 "
        "| 5,500, 5,600, 5,700 | 5,400, 5,900, timeout |"
    ) in section
    assert "STORYMAP_WARM_START=0" in section


def test_a_cold_start_that_timed_out_says_so_and_has_no_ratio():
    measured = cold_start.ColdStart(
        10_000, cold_ms=[float("inf")] * 2 + [2_000], warm_ms=[2_000], start_ms=[3_000]
    )
    summary = measured.summary()
    assert summary["cold ms"] == float("inf")
    assert summary["cold / warm"] is None
    assert "| 10,000 | 3,000 | timeout | 2,000 | – |" in cold_start.report([measured], 3, 1)
