"""A ceiling on the CPU that each of some processes may use, from the kernel's cgroups.

Several copies of the app scale with the cores they get. On a small machine the load
generator and nginx need cores too, so that two copies cannot get twice one copy's CPU
and their curves say more about the machine than about the copies. Capping every copy at
the same share of a core (``make loadtest-copies CPU_PER_COPY=0.3``) gives one copy and
two copies the same CPU each, and leaves the rest to the load: the readers each number
of copies holds then show how the app scales when the cores are there.

Each process gets a cgroup of its own under the ``cpu`` controller (version 1, or the
unified version 2 hierarchy), with a CFS quota of ``share`` of a 100 ms period. It needs
root (or a delegated cgroup); where it cannot, :class:`CpuCapUnavailableError` says why.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
PERIOD_US = 100_000
GROUP_PREFIX = "storymap-bench-"


class CpuCapUnavailableError(RuntimeError):
    """The machine does not let this process cap others' CPU."""


def _cpu_hierarchy(root: Path) -> tuple[Path, bool]:
    """(the cpu controller's directory, whether it is cgroup version 2)."""
    if (root / "cgroup.controllers").exists():
        controllers = (root / "cgroup.controllers").read_text().split()
        if "cpu" not in controllers:
            raise CpuCapUnavailableError(f"{root}: the cpu controller is not available")
        return root, True
    if (root / "cpu" / "cpu.cfs_quota_us").exists():
        return root / "cpu", False
    raise CpuCapUnavailableError(f"{root}: no cpu controller mounted (cgroup v1 or v2)")


def _quota_files(group: Path, version_2: bool, share: float) -> list[tuple[Path, str]]:
    quota = max(1000, round(share * PERIOD_US))
    if version_2:
        return [(group / "cpu.max", f"{quota} {PERIOD_US}")]
    return [
        (group / "cpu.cfs_period_us", str(PERIOD_US)),
        (group / "cpu.cfs_quota_us", str(quota)),
    ]


@contextlib.contextmanager
def capped(
    pids: list[int], share: float, root: Path = CGROUP_ROOT, proc: Path = Path("/proc")
) -> Iterator[list[Path]]:
    """Each of ``pids`` limited to ``share`` of one core while in the block (each in a
    cgroup of its own, yielded); given back to the group it was in and the groups
    removed after, also if the process has ended. Groups that an earlier run killed
    before it could remove them are removed first."""
    if not 0 < share <= (os.cpu_count() or 1):
        raise ValueError(f"a CPU share must be above 0 and at most the cores: {share}")
    hierarchy, version_2 = _cpu_hierarchy(root)
    for leftover in hierarchy.glob(f"{GROUP_PREFIX}*"):
        with contextlib.suppress(OSError):
            leftover.rmdir()  # only an empty one: its processes have ended
    if version_2:  # a child's cpu.max needs the controller enabled for the children
        with contextlib.suppress(OSError):
            (hierarchy / "cgroup.subtree_control").write_text("+cpu")
    moved: list[tuple[Path, Path]] = []  # (its group here, the group it came from)
    try:
        for pid in pids:
            group = hierarchy / f"{GROUP_PREFIX}{pid}"
            try:
                came_from = hierarchy / _group_of(pid, proc, version_2).lstrip("/")
                group.mkdir(exist_ok=True)
                moved.append((group, came_from))
                for path, value in _quota_files(group, version_2, share):
                    path.write_text(value)
                (group / "cgroup.procs").write_text(str(pid))
            except OSError as error:
                raise CpuCapUnavailableError(f"{group}: {error.strerror or error}") from error
        yield [group for group, _came_from in moved]
    finally:
        for group, came_from in moved:
            _remove(group, came_from)


def _group_of(pid: int, proc: Path, version_2: bool) -> str:
    """The cgroup ``pid`` is in under the cpu controller, as a path from its root."""
    for line in (proc / str(pid) / "cgroup").read_text().splitlines():
        _number, controllers, path = line.split(":", 2)
        if (version_2 and controllers == "") or "cpu" in controllers.split(","):
            return path
    return "/"


def _remove(group: Path, back_to: Path) -> None:
    # A group with processes in it cannot be removed: they go back where they were.
    with contextlib.suppress(OSError):
        for pid in (group / "cgroup.procs").read_text().split():
            with contextlib.suppress(OSError):
                (back_to / "cgroup.procs").write_text(pid)
    with contextlib.suppress(OSError):
        group.rmdir()


def throttled_seconds(group: Path) -> float:
    """How long the group's processes waited for their quota so far (its cpu.stat)."""
    fields = dict(
        line.split(maxsplit=1) for line in (group / "cpu.stat").read_text().splitlines() if line
    )
    if "throttled_usec" in fields:  # version 2
        return int(fields["throttled_usec"]) / 1e6
    return int(fields.get("throttled_time", 0)) / 1e9
