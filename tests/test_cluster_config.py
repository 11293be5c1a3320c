"""The nginx configuration in front of several copies (deploy/), as `make cluster` and
compose.yaml fill it in: nginx accepts it, and the two ways of running it agree."""

from __future__ import annotations

import re
import threading
import tomllib
from pathlib import Path

import pytest
import yaml

from deploy import cluster
from deploy.cluster import (
    COPY_COOKIE,
    COPY_HEADER,
    SITE_TEMPLATE,
    Copy,
    HealthChecker,
    Nginx,
    nginx_binary,
    render_site,
    upstream_servers,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = SITE_TEMPLATE.read_text()
COMPOSE = yaml.safe_load((PROJECT_ROOT / "compose.yaml").read_text())
DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text()
APP_PORT = 8501  # where the image's app listens, and compose's upstream sends
ADDRESSES = ["127.0.0.1:9001", "127.0.0.1:9002", "127.0.0.1:9003"]


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\$\{(STORYMAP_[A-Z_]+)\}", text))


def test_filling_in_the_template_leaves_nginx_variables_alone():
    site = render_site(TEMPLATE, {"STORYMAP_LISTEN": "8501", "STORYMAP_UPSTREAM_SERVERS": "x;"})
    assert placeholders(site) == set()
    assert "listen 8501;" in site
    for variable in ("$request_id", f"$cookie_{COPY_COOKIE}", "$upstream_addr", "$http_upgrade"):
        assert variable in site


def test_a_value_missing_for_the_template_is_an_error_naming_it():
    with pytest.raises(KeyError, match="STORYMAP_UPSTREAM_SERVERS"):
        render_site(TEMPLATE, {"STORYMAP_LISTEN": "8501"})


@pytest.mark.parametrize(
    ("down", "marked"),
    [
        (frozenset(), []),
        (frozenset({"127.0.0.1:9002"}), ["127.0.0.1:9002"]),
        (frozenset({"127.0.0.1:9001", "127.0.0.1:9003"}), ["127.0.0.1:9001", "127.0.0.1:9003"]),
        (frozenset({"127.0.0.1:9999"}), []),  # a copy the upstream does not have
    ],
)
def test_the_upstream_marks_down_exactly_the_copies_named(down, marked):
    lines = upstream_servers(ADDRESSES, down).split("\n")
    assert [line.split()[1] for line in lines] == ADDRESSES
    assert [line.split()[1] for line in lines if line.endswith(" down;")] == marked
    assert all("max_fails=1" in line for line in lines)


def test_the_site_pins_browsers_by_cookie_and_upgrades_websockets():
    assert "hash $storymap_copy_key consistent;" in TEMPLATE
    assert "Set-Cookie $storymap_set_cookie" in TEMPLATE
    assert f"add_header {COPY_HEADER} $upstream_addr always;" in TEMPLATE
    assert "location /_stcore/stream {" in TEMPLATE
    assert "proxy_set_header Upgrade $http_upgrade;" in TEMPLATE


def test_no_one_address_holds_more_than_its_share_of_sessions():
    stream = TEMPLATE[TEMPLATE.index("location /_stcore/stream {") :].split("}")[0]
    (limit,) = re.findall(r"limit_conn storymap_sockets (\d+);", stream)
    assert 50 <= int(limit) <= 1000
    # Counted by the client's address, but for loopback, where the load tests run from.
    assert "default    $binary_remote_addr;" in TEMPLATE and '127.0.0.1  "";' in TEMPLATE


def test_nginx_takes_uploads_as_large_as_the_app_does():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    (limit,) = re.findall(r"client_max_body_size (\d+)m;", TEMPLATE)
    assert int(limit) >= config["server"]["maxUploadSize"]


@pytest.mark.parametrize("down", [frozenset(), frozenset({"127.0.0.1:9002"})])
def test_nginx_accepts_the_configuration_make_cluster_writes(tmp_path, down):
    binary = nginx_binary()
    if binary is None:
        pytest.skip("no nginx on this machine (scripts/ensure-chromium installs Debian's)")
    nginx = Nginx(binary, tmp_path, "127.0.0.1:8501", ADDRESSES)
    nginx.write(down)
    checked = nginx.test()
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr


def test_compose_runs_the_same_template_in_the_official_nginx_image():
    nginx = COMPOSE["services"]["nginx"]
    assert nginx["image"].startswith("nginx:")
    (mount,) = nginx["volumes"]
    source, target, _mode = mount.split(":")
    assert (PROJECT_ROOT / source).resolve() == SITE_TEMPLATE
    # The image fills in /etc/nginx/templates/NAME.template into conf.d/NAME, which
    # replaces its own default site.
    assert target == "/etc/nginx/templates/default.conf.template"
    environment = nginx["environment"]
    assert environment["NGINX_ENVSUBST_FILTER"] == "^STORYMAP_"
    assert placeholders(TEMPLATE) == {name for name in environment if name.startswith("STORYMAP_")}


def test_composes_upstream_is_its_app_services_each_waited_for_healthy():
    services = COMPOSE["services"]
    apps = sorted(name for name, service in services.items() if service.get("build"))
    assert len(apps) == 3
    servers = COMPOSE["services"]["nginx"]["environment"]["STORYMAP_UPSTREAM_SERVERS"]
    assert re.findall(r"server (\S+):(\d+) ", servers) == [(app, str(APP_PORT)) for app in apps]
    depends = services["nginx"]["depends_on"]
    assert {name: depends[name]["condition"] for name in apps} == dict.fromkeys(
        apps, "service_healthy"
    )


def test_the_image_runs_the_app_as_make_run_does_and_checks_its_health():
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    version = pyproject["tool"]["ruff"]["target-version"]  # py311
    assert f"FROM python:{version[2]}.{version[3:]}-slim" in DOCKERFILE
    assert "pip install --no-cache-dir -r requirements.txt" in DOCKERFILE
    (healthcheck,) = [line for line in DOCKERFILE.splitlines() if "/_stcore/health" in line]
    assert f":{APP_PORT}/_stcore/health" in healthcheck
    assert '"--server.address", "0.0.0.0"' in DOCKERFILE
    assert f'"--server.port", "{APP_PORT}"' in DOCKERFILE


class Process:
    """A stand-in for a copy's process: alive until it has a return code."""

    def __init__(self, returncode=None):
        self.returncode = returncode

    def poll(self):
        return self.returncode


def test_a_busy_copy_is_marked_down_late_and_a_dead_one_at_once(monkeypatch, tmp_path):
    busy = Copy(1, 9001, Process(), tmp_path / "1.log", warm_answer="ok")
    dead = Copy(2, 9002, Process(returncode=-9), tmp_path / "2.log", warm_answer="ok")
    well = Copy(3, 9003, Process(), tmp_path / "3.log", warm_answer="ok")
    monkeypatch.setattr(cluster, "is_healthy", lambda url, timeout=2: url == well.url)
    marked: list[frozenset[str]] = []
    checker = HealthChecker([busy, dead, well], marked.append, failures=3)
    failed = {copy.address: 0 for copy in checker.copies}
    checker.check(failed)
    assert marked == [frozenset({dead.address})]  # its process is gone
    checker.check(failed)
    checker.check(failed)  # the third failure in a row of a copy still running
    assert marked[-1] == frozenset({dead.address, busy.address})
    monkeypatch.setattr(cluster, "is_healthy", lambda url, timeout=2: url != dead.url)
    checker.check(failed)
    assert marked[-1] == frozenset({dead.address})  # back on its first answer


def restarted_in_place(monkeypatch) -> None:
    """_restart_copy starts a stand-in process instead of a server."""
    monkeypatch.setattr(
        cluster,
        "_start_copy",
        lambda number, port, folder, data: Copy(number, port, Process(), folder / "x.log"),
    )


def test_a_new_process_runs_the_app_once_before_it_is_put_back(monkeypatch, tmp_path):
    restarted_in_place(monkeypatch)
    copy = Copy(1, 9001, Process(returncode=-9), tmp_path / "1.log", warm_answer="ok")
    happened: list[str] = []
    monkeypatch.setattr(cluster, "is_healthy", lambda url, timeout=2: copy.process.poll() is None)
    monkeypatch.setattr(cluster, "warm", lambda url: happened.append("warmed") or "ok")
    checker = HealthChecker(
        [copy],
        lambda down: happened.append(f"down: {sorted(down)}"),
        restart=lambda dead: cluster._restart_copy(dead, None),
    )
    failed = {copy.address: 0}
    checker.check(failed)  # dead: marked down, started again
    assert copy.warm_answer == ""  # the new process has not run the app
    checker.check(failed)  # it answers: warmed on a thread of its own, still down
    assert copy.warming is not None
    copy.warming.join(timeout=10)
    checker.check(failed)  # warm: put back
    checker.check(failed)  # and not warmed again
    assert happened == [f"down: {[copy.address]}", "warmed", "down: []"]
    assert copy.warm_answer == "ok"


def test_a_slow_warm_does_not_hold_up_the_checks_of_the_others(monkeypatch, tmp_path):
    restarted_in_place(monkeypatch)
    slow = Copy(1, 9001, Process(), tmp_path / "1.log")  # new: not warm yet
    dying = Copy(2, 9002, Process(), tmp_path / "2.log", warm_answer="ok")
    answer = threading.Event()
    monkeypatch.setattr(cluster, "is_healthy", lambda url, timeout=2: url == slow.url)
    monkeypatch.setattr(cluster, "warm", lambda url: "ok" if answer.wait(10) else "timeout")
    marked: list[frozenset[str]] = []
    checker = HealthChecker(
        [slow, dying], marked.append, restart=lambda dead: cluster._restart_copy(dead, None)
    )
    failed = {slow.address: 0, dying.address: 0}
    checker.check(failed)
    assert marked[-1] == frozenset({slow.address})  # down until it has run the app
    dying.process = Process(returncode=-9)
    checker.check(failed)  # while the slow one still warms
    assert marked[-1] == frozenset({slow.address, dying.address})
    assert dying.process.poll() is None  # started again
    answer.set()
    assert slow.warming is not None
    slow.warming.join(timeout=10)
    assert slow.warm_answer == "ok"


def test_warm_says_what_the_copy_answered_or_why_it_could_not():
    assert "refused" in cluster.warm(f"http://127.0.0.1:{cluster.free_port()}", timeout=5)


def test_the_path_that_warms_a_copy_is_streamlits_script_health_check_on_in_copies_only():
    from streamlit import config as streamlit_config
    from streamlit.web.server.starlette.starlette_routes import ROUTE_SCRIPT_HEALTH

    assert "/" + ROUTE_SCRIPT_HEALTH.lstrip("/") == cluster.WARM_PATH
    # Streamlit reads an option from STREAMLIT_ and its name in capitals with underscores.
    (name,) = cluster.WARM_ENVIRONMENT
    option = "server.scriptHealthCheckEnabled"
    assert name == "STREAMLIT_" + re.sub(r"([A-Z])", r"_\1", option).replace(".", "_").upper()
    assert option in streamlit_config._config_options_template
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert "scriptHealthCheckEnabled" not in config["server"]  # off where served alone
    refused = re.search(r"location ~ (\S+) \{\s*return 404;", TEMPLATE)
    assert refused is not None and refused.group(1) == cluster.WARM_PATH
