"""make loadtest's report: the readers held, where the time went, and the curve's picture."""

from __future__ import annotations

import argparse

from benchmarks.load_curve import _innermost_own_function, _Profile, copies_report, held, report
from benchmarks.load_plot import save_curve_plot


def row(readers: int, p95: float, errors: int = 0) -> dict:
    return {
        "readers": readers,
        "opened": readers,
        "clicks/s": readers / 10,
        "p50": p95 / 3,
        "p95": p95,
        "errors": errors,
        "cpu": readers / 10,
        "rss": 200.0,
        "profile": [("place_panel (storymap/ui/side_panel.py)", 0.25)],
    }


def test_held_is_the_most_readers_within_the_goal_without_errors():
    rows = [row(100, 50), row(200, 120, errors=1), row(400, 700), row(600, 4000)]
    assert held(rows) == 400
    assert held([row(100, 1500)]) == 0


def test_the_report_gives_each_step_the_memory_and_the_knee():
    idle = {"sessions": 200, "before_mb": 180.0, "after_mb": 210.0, "per_session_kb": 150.0}
    arguments = argparse.Namespace(every=10.0, seconds=60.0)
    text = report([row(100, 50), row(800, 1200)], idle, arguments)
    assert "**Held: 100 readers**" in text
    assert "| 800 | 800 | 80.0 | 400 | 1,200 | 0 | 80% | 200 |" in text
    assert "costs the server 150 KB" in text
    assert "at 800 readers" in text and "| 25% | `place_panel" in text


def test_samples_are_put_down_to_the_innermost_function_of_the_app():
    stack = [
        "Thread.run (threading.py:982)",
        "<module> (app.py:62)",
        "map_page_body (map.py:40)",
        "place_panel (storymap/ui/side_panel.py:31)",
        "deepcopy (copy.py:128)",  # the standard library's, though named without a folder
        "HtmlMixin.html (streamlit/elements/html.py:99)",
    ]
    assert _innermost_own_function(stack) == "place_panel (storymap/ui/side_panel.py)"
    assert _innermost_own_function(stack[:3]) == "map_page_body (map.py)"
    runner = ["ScriptRunner._run_script (streamlit/runtime/scriptrunner/script_runner.py:9)"]
    assert _innermost_own_function(runner).startswith("Streamlit's script runner")
    assert _innermost_own_function(["Handle._run (asyncio/events.py:84)"]).startswith(
        "Streamlit's server"
    )


def test_the_curve_is_drawn_as_an_svg(tmp_path):
    path = tmp_path / "curve.svg"
    save_curve_plot([row(100, 50), row(200, 300), row(400, 2500)], path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<svg") and "Click latency" in text and "server CPU %" in text


def test_the_copies_report_holds_each_against_one_copy():
    arguments = argparse.Namespace(every=10.0, seconds=60.0, cpu_per_copy=None)
    curves = {1: [row(400, 300), row(600, 1500)], 2: [row(400, 200), row(800, 700)]}
    text = copies_report(curves, arguments)
    assert "| 1 | 400 | 1.00× |" in text and "| 2 | 800 | 2.00× |" in text
    assert text.count("| readers | opened |") == 2
    assert "capped" not in text


def test_the_copies_report_says_when_each_copy_was_capped():
    arguments = argparse.Namespace(every=10.0, seconds=60.0, cpu_per_copy=0.3)
    text = copies_report({1: [row(400, 300)]}, arguments)
    assert "Each copy was capped at 0.3 of a core" in text


def test_the_profile_puts_each_sample_down_to_the_innermost_own_function():
    profile = _Profile()
    profile.samples = (
        "run (streamlit/runtime/scriptrunner/exec_code.py:1);story_map (storymap/ui/map_view.py:5);"
        "dumps (json/__init__.py:2) 3\n"
        "loop (asyncio/base_events.py:9) 1\n"
    )
    assert profile.top() == [
        ("story_map (storymap/ui/map_view.py)", 0.75),
        ("Streamlit's server: event loop, sessions, sending", 0.25),
    ]
