"""The cluster tests: several copies of the app behind nginx (deploy/cluster.py). They
run apart from the fast tests (`make test-cluster`), since they load three servers."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy.cluster import nginx_binary, running_cluster


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent.name == "cluster":
            item.add_marker(pytest.mark.cluster)


@pytest.fixture(scope="module")
def cluster():
    """Three copies behind nginx, for the tests of one module."""
    if nginx_binary() is None:
        pytest.skip("no nginx on this machine: scripts/ensure-chromium installs Debian's")
    with running_cluster(copies=3) as running:
        yield running
