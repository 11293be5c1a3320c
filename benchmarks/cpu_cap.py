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
def capped(pids: list[int], share: float, root: Path = CGROUP_ROOT) -> Iterator[list[Path]]:
    """Each of ``pids`` limited to ``share`` of one core while in the block (each in a
    cgroup of its own, yielded); given back to its parent group and the groups removed
    after, also if the process has ended."""
    if not 0 < share <= (os.cpu_count() or 1):
        raise ValueError(f"a CPU share must be above 0 and at most the cores: {share}")
    hierarchy, version_2 = _cpu_hierarchy(root)
    if version_2:  # a child's cpu.max needs the controller enabled for the children
        with contextlib.suppress(OSError):
            (hierarchy / "cgroup.subtree_control").write_text("+cpu")
    groups: list[Path] = []
    try:
        for pid in pids:
            group = hierarchy / f"{GROUP_PREFIX}{pid}"
            try:
                group.mkdir(exist_ok=True)
                groups.append(group)
                for path, value in _quota_files(group, version_2, share):
                    path.write_text(value)
                (group / "cgroup.procs").write_text(str(pid))
            except OSError as error:
                raise CpuCapUnavailableError(f"{group}: {error.strerror or error}") from error
        yield groups
    finally:
        for group in groups:
            _remove(group, hierarchy)


def _remove(group: Path, parent: Path) -> None:
    # A group with processes in it cannot be removed: its processes go back to the parent.
    with contextlib.suppress(OSError):
        for pid in (group / "cgroup.procs").read_text().split():
            with contextlib.suppress(OSError):
                (parent / "cgroup.procs").write_text(pid)
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
