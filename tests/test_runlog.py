"""The benchmarks' measurement of each run: off unless asked for."""

from __future__ import annotations

import sys

import pytest

from storymap.runlog import NO_PROFILER, PROFILE_VARIABLE, RUN_LOG_VARIABLE, read_run_log, timed_run


def busy() -> int:
    return sum(number * number for number in range(200_000))


def test_nothing_is_written_unless_asked(tmp_path, monkeypatch):
    monkeypatch.delenv(RUN_LOG_VARIABLE, raising=False)
    monkeypatch.delenv(PROFILE_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    with timed_run():
        busy()
    assert list(tmp_path.iterdir()) == []


def test_each_run_appends_its_duration(tmp_path, monkeypatch):
    log = tmp_path / "runs.txt"
    monkeypatch.setenv(RUN_LOG_VARIABLE, str(log))
    for _ in range(2):
        with timed_run():
            busy()
    durations = read_run_log(str(log))
    assert len(durations) == 2
    assert all(duration > 0 for duration in durations)


def test_a_timed_part_of_a_timed_run_is_not_timed_again(tmp_path, monkeypatch):
    # The map page's body is a fragment: timed alone when a click reruns it alone.
    log = tmp_path / "runs.txt"
    monkeypatch.setenv(RUN_LOG_VARIABLE, str(log))
    with timed_run(), timed_run():
        busy()
    with timed_run():
        busy()
    assert len(read_run_log(str(log))) == 2


def test_a_run_that_stops_early_is_timed_too(tmp_path, monkeypatch):
    log = tmp_path / "runs.txt"
    monkeypatch.setenv(RUN_LOG_VARIABLE, str(log))
    with pytest.raises(RuntimeError), timed_run():
        raise RuntimeError("st.stop() ends a run with an exception")
    assert len(read_run_log(str(log))) == 1


def test_the_profile_names_the_functions_of_the_run(tmp_path, monkeypatch):
    profile = tmp_path / "profile.txt"
    monkeypatch.setenv(PROFILE_VARIABLE, str(profile))
    with timed_run():
        busy()
    text = profile.read_text(encoding="utf-8")
    assert "busy" in text
    assert "test_runlog.py" in text


def test_without_pyinstrument_the_run_goes_on_and_the_profile_says_why(tmp_path, monkeypatch):
    profile = tmp_path / "profile.txt"
    monkeypatch.setenv(PROFILE_VARIABLE, str(profile))
    monkeypatch.setitem(sys.modules, "pyinstrument", None)  # its import now fails
    ran = []
    with timed_run():
        ran.append(busy())
    assert len(ran) == 1  # the run's own work was done
    assert profile.read_text(encoding="utf-8") == NO_PROFILER


def test_a_missing_log_reads_as_no_runs(tmp_path):
    assert read_run_log(str(tmp_path / "absent.txt")) == []
