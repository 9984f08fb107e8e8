"""`run --browser-endpoint`: browser scenarios through a Playwright browser server, none launched by the run itself."""

import json
import os
import re
import socket
import subprocess
import sys
import time

import psutil
import pytest

CLI = [sys.executable, "-m", "ibkey_conformance.cli"]
# With no Chromium to launch, a run can only pass through the browser server.
NO_LOCAL_CHROMIUM = os.environ | {"IBKEY_CHROMIUM": "/nonexistent/chromium"}
CHALLENGE_RESPONSE = ["--clauses", "CR-WHEN"]


@pytest.fixture
def browser_server():
    server = subprocess.Popen([*CLI, "browser-server"], stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    try:
        for line in server.stdout:
            if match := re.match(r"(ws://127\.0\.0\.1:\d+/\S+)", line):
                yield match.group(1)
                break
            assert time.monotonic() < deadline, "the browser server printed no address"
        else:
            pytest.fail(f"the browser server stopped with {server.wait()}")
    finally:
        browsers = psutil.Process(server.pid).children(recursive=True)
        server.terminate()
        server.wait(timeout=10)
    _, left_running = psutil.wait_procs(browsers, timeout=10)
    assert browsers and not left_running, "stopping the browser server stops its driver and Chromium"


def _run(tmp_path, *options, env=NO_LOCAL_CHROMIUM):
    command = [*CLI, "run", *CHALLENGE_RESPONSE, "--report-dir", str(tmp_path), *options]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)


def test_browser_scenarios_run_on_two_workers_through_a_browser_server(tmp_path, browser_server):
    done = _run(tmp_path, "--browser-endpoint", browser_server, "-n", "2")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((tmp_path / "latest" / "results.json").read_text(encoding="utf-8"))
    assert results["totals"]["passed"] == results["totals"]["scenarios"] >= 2
    assert all("browser" in scenario["tags"] for scenario in results["scenarios"])
    assert {scenario["worker"] for scenario in results["scenarios"]} == {"gw0", "gw1"}
    address = browser_server.rsplit("/", 1)[0]
    assert results["run"]["browser"] == f"Playwright browser server at {address}"
    assert f"--browser-endpoint '{address}/…'" in results["run"]["command"]
    secret_path = browser_server.rsplit("/", 1)[1]
    reports = [path for path in (tmp_path / "latest").iterdir() if path.is_file()]
    assert reports and not [path for path in reports if secret_path in path.read_text("utf-8")]


def test_without_the_browser_server_the_same_run_cannot_start_a_browser(tmp_path):
    done = _run(tmp_path)
    assert done.returncode == 2
    results = json.loads((tmp_path / "latest" / "results.json").read_text(encoding="utf-8"))
    assert results["verdict"] == "did_not_run" and results["totals"]["passed"] == results["totals"]["failed"] == 0
    assert results["totals"]["harness_error"] >= 1
    assert "/nonexistent/chromium" in json.dumps(results)


def test_a_browser_endpoint_nobody_answers_is_refused_before_the_run(tmp_path):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    done = _run(tmp_path, "--browser-endpoint", f"ws://127.0.0.1:{port}/x")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"no browser server answers at 127.0.0.1:{port}" in done.stderr
    assert not any(tmp_path.iterdir()), "nothing is written for a run that never started"


def test_an_address_that_is_not_a_websocket_is_refused_with_the_accepted_form(tmp_path):
    done = _run(tmp_path, "--browser-endpoint", "http://127.0.0.1:9323/")
    assert done.returncode == 2
    assert "is not a browser server address; give ws://HOST:PORT/PATH" in done.stderr
