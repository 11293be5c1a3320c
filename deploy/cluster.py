"""Several copies of the app behind nginx on this machine: ``make cluster``.

    python -m deploy.cluster --copies 3 --port 8501

starts the copies (each an ordinary ``streamlit run app.py`` on a free port), nginx in
front of them on ``--port`` with cookie-sticky sessions (deploy/storymap.conf.template),
and a health checker; prints the address and each copy's pid and port; and stops them
all on Ctrl-C or SIGTERM. The failover test starts the same thing with
:func:`running_cluster`.

nginx runs as an ordinary foreground process with its own prefix, pid file, logs and
temporary files in a run folder: nothing of the system's nginx configuration is read
or touched, and no root is needed.

Why a health checker here: open-source nginx checks its upstreams only passively (a
copy that fails a request is left alone for a while, then tried again with a real
request); active checks are nginx Plus's. So this process asks each copy's
``/_stcore/health`` every second, marks a copy that stops answering ``down`` in the
upstream and reloads nginx, starts the copy again if its process has ended, and puts
it back once it answers. A reload keeps the connections already open: the readers of
the other copies notice nothing.

A copy takes readers only once warm: each new process runs the app once as it starts,
and is healthy only after that run (storymap/ui/server_start.py); it is then asked for
Streamlit's script health check (``/_stcore/script-health-check``, a run in a session
of its own), and takes readers once that has answered, whatever the answer (a copy
whose app fails shows its readers what any copy would). A restarted copy is asked on a
thread of its own, so that the checks of the others go on meanwhile.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SITE_TEMPLATE = Path(__file__).resolve().parent / "storymap.conf.template"
HEALTH_PATH = "/_stcore/health"
# Runs the app once in a session of Streamlit's own. Off by default (served alone, any
# visitor could have the app run for nothing with a plain GET); on in the copies, whose
# nginx does not pass it on from visitors.
WARM_PATH = "/_stcore/script-health-check"
WARM_ENVIRONMENT = {"STREAMLIT_SERVER_SCRIPT_HEALTH_CHECK_ENABLED": "true"}
# Streamlit itself gives up on the run after 60 s (SCRIPT_RUN_CHECK_TIMEOUT) and says
# "timeout"; a little longer here, to hear that answer.
WARM_TIMEOUT_S = 65
COPY_HEADER = "X-Storymap-Copy"  # nginx names the copy that answered in it
COPY_COOKIE = "storymap_copy"  # the key nginx pins a browser to a copy by
# A copy that is gone is left alone by nginx for this long after a failed request.
FAIL_TIMEOUT_S = 10
_PLACEHOLDER = re.compile(r"\$\{(STORYMAP_[A-Z_]+)\}")


@dataclass
class Copy:
    """One ``streamlit run app.py`` behind the balancer."""

    number: int
    port: int
    process: subprocess.Popen
    log: Path
    # What this process answered when asked to run the app once (warm): "ok", or why
    # not; empty until it has answered. The copy is sent readers only once it has,
    # whatever the answer: one whose app fails shows its readers the app's own message.
    warm_answer: str = ""
    warming: threading.Thread | None = field(default=None, repr=False, compare=False)

    @property
    def address(self) -> str:
        """How nginx names it (its ``$upstream_addr``)."""
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.address}"

    @property
    def pid(self) -> int:
        return self.process.pid


def render_site(template: str, values: dict[str, str]) -> str:
    """The template with each ``${STORYMAP_...}`` filled in, as envsubst would fill it.

    Only those names: nginx's own ``$variables`` are left as they are. A name the
    template uses and ``values`` lacks is an error, not an empty string.
    """
    missing = sorted(set(_PLACEHOLDER.findall(template)) - set(values))
    if missing:
        raise KeyError(f"{SITE_TEMPLATE.name} needs values for {', '.join(missing)}")
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def upstream_servers(addresses: Sequence[str], down: frozenset[str] = frozenset()) -> str:
    """The upstream's ``server`` lines, the copies in ``down`` marked so."""
    return "\n    ".join(
        f"server {address} max_fails=1 fail_timeout={FAIL_TIMEOUT_S}s"
        + (" down" if address in down else "")
        + ";"
        for address in addresses
    )


def main_config(run_folder: Path, site: Path) -> str:
    """nginx's own configuration around the site: everything it writes is in ``run_folder``."""
    temporary = run_folder / "temp"
    return f"""# Written by deploy/cluster.py for one run; the site is {site.name}.
# A worker a core; each reader holds two connections (its WebSocket, and nginx's to
# its copy), so a worker holds up to 8,000 readers.
worker_processes auto;
worker_rlimit_nofile 40000;
pid {run_folder / "nginx.pid"};
error_log {run_folder / "error.log"} warn;

events {{
    worker_connections 16384;
}}

http {{
    access_log {run_folder / "access.log"};
    client_body_temp_path {temporary / "client_body"};
    proxy_temp_path {temporary / "proxy"};
    fastcgi_temp_path {temporary / "fastcgi"};
    uwsgi_temp_path {temporary / "uwsgi"};
    scgi_temp_path {temporary / "scgi"};
    include {site};
}}
"""


def nginx_binary() -> str | None:
    """Debian's nginx (scripts/ensure-chromium installs it), which may be outside PATH."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def warm(url: str, timeout: float = WARM_TIMEOUT_S) -> str:
    """Has the copy at ``url`` run the app once, in a session of its own; what it said:
    "ok", or why not."""
    try:
        with urllib.request.urlopen(url + WARM_PATH, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace").strip() or str(response.status)
    except urllib.error.HTTPError as error:  # 503: the app's run raised, or timed out
        return f"{error.code} {error.read().decode('utf-8', 'replace').strip()}"
    except (OSError, http.client.HTTPException) as error:  # refused, or cut off
        return str(error) or type(error).__name__


def is_healthy(url: str, timeout: float = 2) -> bool:
    """Whether the copy at ``url`` answers its health check."""
    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


class Nginx:
    """nginx in the foreground with its own run folder, and its site's upstream."""

    def __init__(self, binary: str, run_folder: Path, listen: str, addresses: Sequence[str]):
        self.binary = binary
        self.run_folder = run_folder
        self.listen = listen
        self.addresses = list(addresses)
        self.site = run_folder / "storymap.conf"
        self.config = run_folder / "nginx.conf"
        self.process: subprocess.Popen | None = None

    def write(self, down: frozenset[str] = frozenset()) -> None:
        """Write the site with the copies in ``down`` marked down."""
        values = {
            "STORYMAP_LISTEN": self.listen,
            "STORYMAP_UPSTREAM_SERVERS": upstream_servers(self.addresses, down),
        }
        self.site.write_text(render_site(SITE_TEMPLATE.read_text(), values))
        self.config.write_text(main_config(self.run_folder, self.site))
        (self.run_folder / "temp").mkdir(exist_ok=True)  # nginx makes the folders in it

    def command(self, *arguments: str) -> list[str]:
        # -e: the log for what goes wrong before the configuration is read, which is
        # otherwise the system's /var/log/nginx/error.log.
        return [
            self.binary,
            "-p",
            str(self.run_folder),
            "-c",
            str(self.config),
            "-e",
            str(self.run_folder / "error.log"),
            *arguments,
        ]

    def test(self) -> subprocess.CompletedProcess:
        """``nginx -t`` on the configuration as written."""
        return subprocess.run(self.command("-t"), capture_output=True, text=True, check=False)

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command("-g", "daemon off;"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def reload(self) -> None:
        subprocess.run(self.command("-s", "reload"), capture_output=True, check=True)

    def reload_with_down(self, down: frozenset[str]) -> None:
        """Mark the copies in ``down`` down (and only those), and have nginx reload."""
        self.write(down)
        self.reload()

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()  # a fast shutdown: open WebSockets are closed too
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class HealthChecker:
    """Asks each copy's health endpoint every ``every`` seconds, on a thread of its own,
    and calls ``on_change`` with the copies to mark down whenever that set changes.

    A copy whose process has ended is marked down at its first failed check; one that
    is alive but does not answer, after ``failures`` checks in a row (seconds of a busy
    copy's slow answers are not a death: marked down, its readers' uploads and map data
    would go to a copy that does not hold their session). Back up on the first check
    that succeeds. A copy marked down whose process has ended is given to ``restart``,
    if there is one; the new process, once it answers, is warmed on a thread of its own
    (warm), and put back once that has answered.
    """

    copies: Sequence[Copy]
    on_change: Callable[[frozenset[str]], None]
    every: float = 1.0
    failures: int = 5
    report: Callable[[str], None] = lambda _line: None
    restart: Callable[[Copy], None] | None = None
    marked_down: frozenset[str] = frozenset()
    events: list[tuple[float, str, str]] = field(default_factory=list)  # (time, address, state)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="health-checker", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        failed = {copy.address: 0 for copy in self.copies}
        while not self._stop.wait(self.every):
            try:
                self.check(failed)
            except Exception as error:  # the checks must go on: this thread is the only one
                self.report(f"a round of checks failed: {error!r}")

    def check(self, failed: dict[str, int]) -> None:
        """One round of checks; ``failed`` counts each copy's failures in a row."""
        for copy in self.copies:
            healthy = is_healthy(copy.url)
            if healthy and not copy.warm_answer:  # a new process: warm before readers come
                self._warm_in_background(copy)
            failed[copy.address] = 0 if healthy else failed[copy.address] + 1
        down = frozenset(
            copy.address
            for copy in self.copies
            if not copy.warm_answer
            or failed[copy.address] >= (1 if copy.process.poll() is not None else self.failures)
        )
        if down != self.marked_down:
            self._record(down)
        for copy in self.copies:
            ended = copy.process.poll() is not None
            if self.restart and ended and copy.address in down and not self._stop.is_set():
                self.report(f"{copy.address} exited ({copy.process.returncode}): restarting")
                self.restart(copy)

    def _warm_in_background(self, copy: Copy) -> None:
        if copy.warming is not None and copy.warming.is_alive():
            return
        process = copy.process

        def warm_this_process() -> None:
            answer = warm(copy.url)
            if copy.process is process:  # not started again meanwhile
                copy.warm_answer = answer
                self.report(f"{copy.address} ran the app once ({WARM_PATH}): {answer}")

        copy.warming = threading.Thread(
            target=warm_this_process, name=f"warm-copy-{copy.number}", daemon=True
        )
        copy.warming.start()

    def _record(self, down: frozenset[str]) -> None:
        now = time.monotonic()
        for address in sorted(down - self.marked_down):
            self.events.append((now, address, "down"))
            self.report(f"{address} stopped answering {HEALTH_PATH}: marked down")
        for address in sorted(self.marked_down - down):
            self.events.append((now, address, "up"))
            self.report(f"{address} answers {HEALTH_PATH} again: back in the upstream")
        try:
            self.on_change(down)
        except (OSError, subprocess.CalledProcessError) as error:
            self.report(f"nginx could not be reloaded: {error}")
            return  # tried again on the next check
        self.marked_down = down


@dataclass
class Cluster:
    """The copies, nginx in front of them, and the health checker; see running_cluster."""

    url: str
    port: int
    copies: list[Copy]
    nginx: Nginx
    checker: HealthChecker
    run_folder: Path

    def copy_at(self, address: str) -> Copy:
        return next(copy for copy in self.copies if copy.address == address)


@contextlib.contextmanager
def running_cluster(
    copies: int = 3,
    port: int | None = None,
    data_folder: Path | None = None,
    check_every: float = 1.0,
    timeout: float = 120,
    report: Callable[[str], None] = lambda _line: None,
    restart: bool = True,
) -> Iterator[Cluster]:
    """Start ``copies`` copies of the app, nginx in front of them on ``port`` (or a free
    one) and the health checker; yield them once nginx answers; stop them all after.

    With ``restart``, a copy whose process ends is started again on its port once the
    checker has marked it down, and put back in the upstream when it answers."""
    binary = nginx_binary()
    if binary is None:
        raise FileNotFoundError("no nginx: scripts/ensure-chromium installs Debian's")
    port = port or free_port()
    run_folder = Path(tempfile.mkdtemp(prefix="storymap-cluster-"))
    # nginx's workers may run as another user (nobody, when started as root): they
    # create their temporary files under this folder.
    run_folder.chmod(0o755)
    started: list[Copy] = []
    nginx: Nginx | None = None
    checker: HealthChecker | None = None
    try:
        for number in range(1, copies + 1):
            started.append(_start_copy(number, free_port(), run_folder, data_folder))
        for copy in started:
            _wait_until_healthy(copy, timeout)
        for copy in started:
            _warm_copy(copy, report)
        nginx = Nginx(binary, run_folder, f"127.0.0.1:{port}", [copy.address for copy in started])
        nginx.write()
        checked = nginx.test()
        if checked.returncode != 0:
            raise RuntimeError(f"nginx refused its configuration: {checked.stderr}")
        nginx.start()
        cluster_url = f"http://127.0.0.1:{port}"
        _wait_for_nginx(nginx, cluster_url, timeout=10)
        checker = HealthChecker(
            started,
            nginx.reload_with_down,
            check_every,
            report=report,
            restart=functools.partial(_restart_copy, data_folder=data_folder) if restart else None,
        )
        checker.start()
        yield Cluster(cluster_url, port, started, nginx, checker, run_folder)
    finally:
        if checker is not None:
            checker.stop()
        if nginx is not None:
            nginx.stop()
        for copy in started:
            stop_process(copy.process)
        shutil.rmtree(run_folder, ignore_errors=True)


def server_environment(
    data_folder: Path | None, extra: dict[str, str] | None = None
) -> dict[str, str]:
    """The environment a server of the app runs in, here and in the browser tests."""
    environment = {
        **os.environ,
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "PYTHONPATH": str(PROJECT_ROOT),
        **(extra or {}),
    }
    if data_folder is not None:
        environment["STORYMAP_DATA"] = str(data_folder)
    return environment


def server_command(script: str, port: int) -> list[str]:
    """``streamlit run SCRIPT`` on loopback at ``port``, headless."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
    ]


def _start_copy(number: int, port: int, run_folder: Path, data_folder: Path | None) -> Copy:
    log = run_folder / f"copy-{number}.log"
    # The log is a file, not a pipe: a full pipe would block the copy. A restarted
    # copy's log goes on after its earlier life's.
    with log.open("a") as output:
        process = subprocess.Popen(
            server_command("app.py", port),
            cwd=PROJECT_ROOT,
            env=server_environment(data_folder, WARM_ENVIRONMENT),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    return Copy(number, port, process, log)


def _restart_copy(copy: Copy, data_folder: Path | None) -> None:
    """Start ``copy``'s process again, on its port, its log carried on."""
    copy.process = _start_copy(copy.number, copy.port, copy.log.parent, data_folder).process
    copy.warm_answer = ""


def _warm_copy(copy: Copy, report: Callable[[str], None]) -> None:
    copy.warm_answer = warm(copy.url)
    report(f"{copy.address} ran the app once ({WARM_PATH}): {copy.warm_answer}")


def _wait_until_healthy(copy: Copy, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if copy.process.poll() is not None:
            raise RuntimeError(f"copy {copy.number} exited: {copy.log.read_text()}")
        if is_healthy(copy.url, timeout=2):
            return
        time.sleep(0.1)  # polling interval, not a wait for something to happen
    raise TimeoutError(f"copy {copy.number} did not answer at {copy.url} within {timeout} s")


def _wait_for_nginx(nginx: Nginx, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if nginx.process is not None and nginx.process.poll() is not None:
            log = (nginx.run_folder / "error.log").read_text(errors="replace")
            raise RuntimeError(f"nginx exited: {log}")
        if is_healthy(url, timeout=2):
            return
        time.sleep(0.1)  # polling interval, not a wait for something to happen
    raise TimeoutError(f"nginx did not answer at {url} within {timeout} s")


def stop_process(process: subprocess.Popen) -> None:
    """Ask ``process`` to end (SIGTERM), and kill it if it has not within 10 s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--port", type=int, default=8501, help="where nginx listens")
    arguments = parser.parse_args()
    # SIGTERM ends the run as Ctrl-C does: through the context manager's cleanup.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with running_cluster(arguments.copies, arguments.port, report=_say) as cluster:
        nginx = cluster.nginx.process
        assert nginx is not None  # started by running_cluster
        _say(f"{cluster.url}/  (nginx pid {nginx.pid}, Ctrl-C to stop)")
        for copy in cluster.copies:
            _say(f"  copy {copy.number}: pid {copy.pid}, {copy.url}, log {copy.log}")
        try:
            nginx.wait()
            _say("nginx exited; stopping the copies")
        except KeyboardInterrupt:
            _say("stopping")
    _say("stopped: the copies and nginx")


def _say(line: str) -> None:
    print(f"[cluster] {line}", flush=True)


if __name__ == "__main__":
    main()
