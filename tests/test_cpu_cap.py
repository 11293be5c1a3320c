"""benchmarks.cpu_cap: each process in a cgroup of its own with a CPU quota, given back
after; on a fake cgroup tree of either version, and for real where this process may."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from benchmarks import cpu_cap


def fake_v1(root):
    cpu = root / "cpu"
    cpu.mkdir()
    (cpu / "cpu.cfs_quota_us").write_text("-1")
    (cpu / "cgroup.procs").write_text("")
    return cpu


def fake_proc(tmp_path, pid: int, cgroup: str):
    """A /proc whose process ``pid`` has ``cgroup`` as its /proc/PID/cgroup."""
    proc = tmp_path / "proc"
    (proc / str(pid)).mkdir(parents=True)
    (proc / str(pid) / "cgroup").write_text(cgroup)
    return proc


def test_version_1_writes_a_quota_of_the_share_and_gives_the_process_back(tmp_path):
    cpu = fake_v1(tmp_path)
    (cpu / "user.slice").mkdir()
    proc = fake_proc(tmp_path, 4242, "5:memory:/\n4:cpu,cpuacct:/user.slice\n1:name=systemd:/\n")
    with cpu_cap.capped([4242], 0.3, root=tmp_path, proc=proc) as groups:
        (group,) = groups
        assert group == cpu / "storymap-bench-4242"
        assert (group / "cpu.cfs_quota_us").read_text() == "30000"
        assert (group / "cpu.cfs_period_us").read_text() == "100000"
        assert (group / "cgroup.procs").read_text() == "4242"
    # back in the group it came from, not the root
    assert (cpu / "user.slice" / "cgroup.procs").read_text() == "4242"


def test_a_group_left_behind_by_a_killed_run_is_removed_first(tmp_path):
    cpu = fake_v1(tmp_path)
    (cpu / "storymap-bench-99").mkdir()  # empty: its process has ended
    proc = fake_proc(tmp_path, 5, "4:cpu:/\n")
    with cpu_cap.capped([5], 0.3, root=tmp_path, proc=proc):
        assert not (cpu / "storymap-bench-99").exists()


def test_version_2_writes_cpu_max_and_enables_the_controller(tmp_path):
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    proc = fake_proc(tmp_path, 7, "0::/\n")
    (proc / "8").mkdir()
    (proc / "8" / "cgroup").write_text("0::/\n")
    with cpu_cap.capped([7, 8], 0.5, root=tmp_path, proc=proc) as groups:
        assert [group.name for group in groups] == ["storymap-bench-7", "storymap-bench-8"]
        assert (groups[1] / "cpu.max").read_text() == "50000 100000"
    assert (tmp_path / "cgroup.subtree_control").read_text() == "+cpu"


def test_a_machine_without_the_cpu_controller_says_so(tmp_path):
    with (
        pytest.raises(cpu_cap.CpuCapUnavailableError, match="no cpu controller"),
        cpu_cap.capped([1], 0.3, root=tmp_path),
    ):
        pass
    (tmp_path / "cgroup.controllers").write_text("memory pids\n")
    with (
        pytest.raises(cpu_cap.CpuCapUnavailableError, match="cpu controller is not available"),
        cpu_cap.capped([1], 0.3, root=tmp_path),
    ):
        pass


@pytest.mark.parametrize("share", [0, -0.5, 10_000])
def test_a_share_outside_the_machine_is_refused(tmp_path, share):
    fake_v1(tmp_path)
    with pytest.raises(ValueError, match="CPU share"), cpu_cap.capped([1], share, root=tmp_path):
        pass


def test_a_busy_process_is_held_to_its_share_on_this_machine():
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        try:
            context = cpu_cap.capped([spinner.pid], 0.1)
            groups = context.__enter__()
        except cpu_cap.CpuCapUnavailableError as error:
            pytest.skip(f"this machine does not let the tests cap a process: {error}")
        try:
            # The kernel holds the spinner back once it has used its tenth of a period.
            deadline = time.monotonic() + 10
            while cpu_cap.throttled_seconds(groups[0]) == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert cpu_cap.throttled_seconds(groups[0]) > 0
        finally:
            context.__exit__(None, None, None)
        assert not groups[0].exists()
    finally:
        spinner.kill()
        spinner.wait()
