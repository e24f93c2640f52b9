"""Serving a class: the HAProxy configuration the generator writes (sticky cookie, health
checks on /_stcore/health, websocket timeouts), the checked-in examples, the Dockerfile's
command run outside Docker, and two replicas behind a real HAProxy (skipped without haproxy,
which `make class` installs; `make test` does not need it)."""

import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))
import haproxy  # noqa: E402
import serve_class  # noqa: E402

HAPROXY = shutil.which("haproxy") or ("/usr/sbin/haproxy" if os.path.exists("/usr/sbin/haproxy")
                                      else None)
needs_haproxy = pytest.mark.skipif(HAPROXY is None, reason="haproxy is not installed")


def sections(text: str) -> dict[str, list[str]]:
    """HAProxy's sections ("backend playground") and their directive lines."""
    found, current = {}, None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            current = line.strip()
            found[current] = []
        else:
            found[current].append(" ".join(line.split()))
    return found


def test_the_config_keeps_each_browser_on_its_replica_and_checks_their_health():
    text = haproxy.render(["127.0.0.1:9001", "10.0.0.2:9002"], bind="*:8500")
    config = sections(text)
    assert set(config) == {"global", "defaults", "frontend class", "backend playground"}
    assert "bind *:8500" in config["frontend class"]
    backend = config["backend playground"]
    assert "cookie PLAYGROUND_REPLICA insert indirect nocache httponly" in backend
    assert "option httpchk GET /_stcore/health" in backend
    assert "option redispatch" in backend
    # A request in flight on a replica that dies is sent again (on the last try elsewhere).
    assert "retry-on conn-failure empty-response junk-response" in backend
    servers = [line for line in backend if line.startswith("server ")]
    assert servers == [
        "server replica1 127.0.0.1:9001 cookie replica1 check inter 3s fall 3 rise 1",
        "server replica2 10.0.0.2:9002 cookie replica2 check inter 3s fall 3 rise 1"]
    # A websocket stays open for the lecture: the tunnel timeout, not the 60 s client one.
    assert "timeout tunnel 1h" in config["defaults"] and "mode http" in config["defaults"]
    assert "timeout check 10s" in config["defaults"]  # a busy replica is slow, not down
    with pytest.raises(ValueError):
        haproxy.render([])


def test_one_local_replica_per_core_by_default(capsys):
    haproxy.main(["--first-port", "9000"])
    servers = re.findall(r"server replica\d+ 127\.0\.0\.1:(\d+)", capsys.readouterr().out)
    assert servers == [str(9000 + i) for i in range(os.cpu_count())]


@pytest.mark.parametrize("name, arguments", [
    ("haproxy.cfg", ["--replicas", "2"]),
    ("haproxy-multihost.cfg", ["--bind", "*:80", "--server", "10.0.0.11:8501", "--server",
                               "10.0.0.11:8502", "--server", "10.0.0.12:8501", "--server",
                               "10.0.0.12:8502"]),
])
def test_the_checked_in_examples_are_what_the_generator_writes(tmp_path, name, arguments):
    haproxy.main([*arguments, "--output", str(tmp_path / name)])
    body = (tmp_path / name).read_text().split("\n", 1)[1]  # the first line names the command
    assert (ROOT / "deploy" / name).read_text().split("\n", 1)[1] == body


@needs_haproxy
@pytest.mark.parametrize("name", ["haproxy.cfg", "haproxy-multihost.cfg"])
def test_haproxy_accepts_the_checked_in_configs(name):
    checked = subprocess.run([HAPROXY, "-c", "-f", str(ROOT / "deploy" / name)],
                             capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_kubernetes_examples_keep_affinity_and_probe_health():
    yaml = pytest.importorskip("yaml")
    docs = {d["kind"]: d for f in sorted((ROOT / "deploy" / "k8s").glob("*.yaml"))
            for d in yaml.safe_load_all(f.read_text())}
    assert set(docs) == {"Deployment", "Service", "Ingress"}
    pod = docs["Deployment"]["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert pod["restartPolicy"] == "Always"  # a replica that exits is started again
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/_stcore/health", "port": "http"}, probe
    # A busy replica answers late, not never: restarting it would lose its students' sessions.
    assert container["livenessProbe"]["timeoutSeconds"] >= 10
    assert container["livenessProbe"]["failureThreshold"] >= 3
    assert docs["Deployment"]["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"]
    assert docs["Service"]["spec"]["sessionAffinity"] == "ClientIP"
    annotations = docs["Ingress"]["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600


def dockerfile_command() -> list[str]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return json.loads(re.search(r"^CMD (\[.*\])$", text, re.M).group(1))


def test_the_dockerfile_runs_as_a_user_with_a_health_check_and_the_makefiles_install():
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.\d+-slim$", text, re.M)
    assert re.search(r"^USER playground$", text, re.M)
    assert "HEALTHCHECK" in text and "/_stcore/health" in text
    makefile = (ROOT / "Makefile").read_text()
    for step in ("python3 -m venv", "-m pip install -q --upgrade pip",
                 "-m pip install -q --require-hashes -r requirements.txt"):
        assert step in makefile and step in text, step


def test_the_dockerfiles_command_serves_the_page_outside_docker():
    command = dockerfile_command()
    assert command[:3] == ["/app/.venv/bin/streamlit", "run", "app.py"]
    port = serve_class._free_port()
    options = command[3:]
    options[options.index("--server.port") + 1] = str(port)
    options[options.index("--server.address") + 1] = "127.0.0.1"  # not the test box's network
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", *options],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        serve_class._healthy(f"http://127.0.0.1:{port}", [server], 60)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
            assert page.status == 200 and b"<div id=\"root\">" in page.read()
    finally:
        serve_class._stop([server])


SERVER_SETTINGS = {"server.fileWatcherType": "none", "server.disconnectedSessionTTL": 30}


def test_every_way_of_starting_the_page_gets_the_server_settings_from_the_config_file():
    """Streamlit itself reads them from .streamlit/config.toml (a misspelt option would stay at
    its default), and no deployment command overrides them with a flag of its own."""
    read = subprocess.run(
        [sys.executable, "-c", "import json; from streamlit import config; "
         "config.get_config_options(force_reparse=True); "
         f"print(json.dumps({{n: config.get_option(n) for n in {list(SERVER_SETTINGS)}}}))"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(read.stdout) == SERVER_SETTINGS
    for command in (dockerfile_command(), serve_class.replica_command(8501)):
        flags = {word.removeprefix("--") for word in command if word.startswith("--")}
        assert not flags & set(SERVER_SETTINGS), command


def websocket_upgrade(url: str, cookie: str | None) -> str:
    """The status line of a websocket handshake on Streamlit's stream, through `url`."""
    host, port = url.removeprefix("http://").split(":")
    key = base64.b64encode(os.urandom(16)).decode()
    request = (f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
               f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\n"
               + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request.encode())
        return connection.recv(4096).decode(errors="replace").split("\r\n")[0]


def replica_of(url: str, cookie: str | None = None) -> tuple[str | None, int]:
    request = urllib.request.Request(url + "/", headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as answer:
        header = answer.headers.get("Set-Cookie") or ""
        return (header.split(";")[0] or None), answer.status


@needs_haproxy
def test_two_replicas_behind_haproxy_keep_a_student_on_hers():
    """Placement only: a killed replica is tests/test_supervision.py's (the launcher starts it
    again, so it would not stay out)."""
    with serve_class.serve(2) as (url, replicas, _):
        cookie, status = replica_of(url)
        assert status == 200 and re.fullmatch(r"PLAYGROUND_REPLICA=replica[12]", cookie)
        # The browser sends it back: HAProxy keeps it there and sets nothing new.
        assert replica_of(url, cookie) == (None, 200)
        assert websocket_upgrade(url, cookie) == "HTTP/1.1 101 Switching Protocols"
