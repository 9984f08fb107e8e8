"""A portal reached by URL: `ibkey-conform serve --control-api` as a process, the suite run against its URL,
with the default selectors and with a selector map file."""

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ibkey_conformance.report.results_file import load_results
from tests.unit.ibkey_conformance.test_serve import _free_port, _get_when_up

# The clock, Client Services, an Android activation, a push, challenge/response, the trading platform.
REMOTE_CLAUSES = "LP5-TWO-DAYS,AND-SID-7,PUSH-3,CR-2,LPC-PORTS"


@pytest.fixture(scope="module")
def served_portal(tmp_path_factory):
    import httpx

    port = _free_port()
    database = tmp_path_factory.mktemp("served") / "portal.sqlite3"
    command = [sys.executable, "-m", "ibkey_conformance.cli", "serve", "--control-api", "--port", str(port)]
    process = subprocess.Popen([*command, "--db", str(database)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=url) as probe:
            _get_when_up(probe, "/sso/Login")
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=15)


def _run(tmp_path: Path, *options: str) -> tuple[subprocess.CompletedProcess, dict]:
    command = [sys.executable, "-m", "ibkey_conformance.cli", "run", *options, "--report-dir", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    [run_dir] = [path for path in tmp_path.iterdir() if path.name != "latest"]
    return done, load_results(run_dir / "results.json")


def test_the_suite_runs_against_a_portal_reached_by_url(served_portal, tmp_path):
    options = ("--portal-url", served_portal, "--server-url", served_portal, "--clauses", REMOTE_CLAUSES, "-n", "2")
    done, results = _run(tmp_path, *options)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "running serially" in done.stdout and results["run"]["workers"] == 0
    assert results["verdict"] == "conforms" and results["totals"]["passed"] == results["totals"]["scenarios"] >= 7
    adapter = results["run"]["implementation"]["adapter"]
    assert adapter.endswith(f"portal at {served_portal}; device API at {served_portal}")


def test_the_selector_map_is_what_the_page_objects_use(served_portal, tmp_path):
    equivalent = tmp_path.parent / "equivalent.toml"
    equivalent.write_text('username = "input[name=username]"\npassword = "input[name=password]"\n')
    done, results = _run(
        tmp_path / "equivalent", "--portal-url", served_portal, "--portal-selectors", str(equivalent),
        "--clauses", "LP1-LOWERCASE",
    )
    assert done.returncode == 0 and results["verdict"] == "conforms", done.stdout[-3000:]
    broken = tmp_path.parent / "broken.toml"
    broken.write_text('username = "#no-such-field"\n')
    done, results = _run(
        tmp_path / "broken", "--portal-url", served_portal, "--portal-selectors", str(broken),
        "--clauses", "LP1-LOWERCASE",
    )
    assert done.returncode == 1
    assert all("#no-such-field" in scenario["error"]["message"] for scenario in results["scenarios"])
