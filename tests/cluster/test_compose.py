"""The Dockerfile and compose.yaml: three copies in containers behind the official nginx
image, with the same template as `make cluster`. Built and run only where a Docker
engine answers; elsewhere the test says so, and test_failover.py's nginx setup is what
ran."""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.error
import urllib.request
import uuid

import pytest

from deploy.cluster import COPY_COOKIE, COPY_HEADER, PROJECT_ROOT, free_port

BUILD_TIMEOUT_S = 900  # pip installs the requirements into a fresh image
UP_TIMEOUT_S = 180


def docker_missing() -> str | None:
    """Why compose cannot run here, or None when it can."""
    if shutil.which("docker") is None:
        return "no docker command on this machine"
    info = subprocess.run(["docker", "info"], capture_output=True, text=True, check=False)
    if info.returncode != 0:
        said = (info.stderr or info.stdout).strip().splitlines()[-1:] or [""]
        return f"no Docker engine answers (docker info: {said[0]})"
    compose = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
    if compose.returncode != 0:
        return "the docker command has no compose"
    return None


def answer(url: str, cookie: str = "") -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url)
    if cookie:
        request.add_header("Cookie", f"{COPY_COOKIE}={cookie}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {}


def test_compose_runs_three_copies_behind_nginx_and_survives_losing_one():
    missing = docker_missing()
    if missing:
        pytest.skip(
            f"{missing}: the Dockerfile and compose.yaml were not built or run; the same "
            "nginx template ran under make cluster's supervisor (test_failover.py)"
        )
    port = free_port()
    project = f"storymap-test-{uuid.uuid4().hex[:8]}"
    compose = ["docker", "compose", "--project-name", project]
    environment = {**os.environ, "STORYMAP_HTTP_PORT": str(port)}
    run = {"cwd": PROJECT_ROOT, "env": environment}
    subprocess.run([*compose, "build"], timeout=BUILD_TIMEOUT_S, check=True, **run)
    try:
        subprocess.run(
            [*compose, "up", "--detach", "--wait"], timeout=UP_TIMEOUT_S, check=True, **run
        )
        url = f"http://127.0.0.1:{port}"
        status, headers = answer(url + "/")
        assert status == 200
        cookie = headers["set-cookie"].split(";")[0].split("=", 1)[1]
        pinned = {answer(url + "/_stcore/health", cookie)[1][COPY_HEADER.lower()] for _ in range(5)}
        assert pinned == {headers[COPY_HEADER.lower()]}
        subprocess.run([*compose, "kill", "app1"], timeout=60, check=True, **run)
        # Every request is answered by the two copies left: nginx's passive checks
        # send a request that app1 refuses on to the next copy.
        assert [answer(url + "/_stcore/health")[0] for _ in range(20)] == [200] * 20
    finally:
        subprocess.run([*compose, "down", "--volumes"], timeout=120, check=False, **run)
