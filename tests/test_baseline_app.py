"""The benchmarks' yardstick (benchmarks/baseline_app.py) must run: make bench compares
the product with it, and a broken one reports the product as infinitely faster."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import PROJECT_ROOT


def test_the_baseline_app_runs_and_shows_its_map(monkeypatch):
    monkeypatch.setenv("STORYMAP_DATA", str(PROJECT_ROOT / "data"))
    app = AppTest.from_file(
        str(PROJECT_ROOT / "benchmarks" / "baseline_app.py"), default_timeout=60
    )
    app.run()
    assert not app.exception, app.exception
    assert [title.value for title in app.title] == ["Russia and Japan have fought before"]
