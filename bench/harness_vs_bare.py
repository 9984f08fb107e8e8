"""The same challenge/response login as a bare Playwright script and as a harness scenario, alternating rounds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.bare_flow import challenge_response_login
from bench.stats import summary
from ibkey_conformance.browser import chromium_launch_options
from ibkey_conformance.live_portal import LivePortal

REPO = Path(__file__).resolve().parents[1]
# pytest-bdd's test name for 通知が無効化されたAndroidでPINを入力してレスポンス・ストリングを作成する.
SCENARIO = "test_通知が無効化されたandroidでpinを入力してレスポンスストリングを作成する"
REPORT_PLUGIN = ["-p", "ibkey_conformance.report.plugin"]


def bare_round(flows: int) -> list[float]:
    """`flows` logins after one warm-up, in a browser and portal started for this round."""
    with (
        tempfile.TemporaryDirectory() as folder,
        LivePortal(Path(folder) / "bench.sqlite3") as portal,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(**chromium_launch_options())
        seconds = [challenge_response_login(browser, portal.url, portal.server) for _ in range(flows + 1)]
        browser.close()
    return seconds[1:]


def harness_round(flows: int, with_report: bool) -> list[float]:
    """The scenario `flows` times after one warm-up (which launches the browser), in one pytest session."""
    with tempfile.TemporaryDirectory() as folder:
        timings = Path(folder) / "timings.json"
        command = [sys.executable, "-m", "pytest", str(REPO / "features"), "-q", "-k", SCENARIO]
        command += [f"--count={flows + 1}", f"--rootdir={REPO}", "-p", "bench.scenario_timer"]
        if with_report:
            command += [*REPORT_PLUGIN, f"--ibkey-report-dir={Path(folder) / 'report'}"]
        environment = os.environ | {"IBKEY_BENCH_TIMINGS": str(timings)}
        done = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True, timeout=600)
        records = json.loads(timings.read_text()) if timings.exists() else []
    failures = [record for record in records if "failed" in record]
    if done.returncode != 0 or failures or len(records) != flows + 1:
        raise RuntimeError(f"the harness scenario did not pass: {failures or done.stdout[-2000:]}")
    return [record["seconds"] for record in records[1:]]


def measure(rounds: int = 3, flows: int = 5) -> dict:
    """Alternate the three ways round by round, so drift in the machine's load falls on all of them alike."""
    samples: dict[str, list[float]] = {"bare": [], "harness": [], "harness_with_report": []}
    for _ in range(rounds):
        samples["bare"] += bare_round(flows)
        samples["harness"] += harness_round(flows, with_report=False)
        samples["harness_with_report"] += harness_round(flows, with_report=True)
    result = {way: summary(seconds) for way, seconds in samples.items()}
    bare = result["bare"]["median_s"]
    result["ratio_harness"] = round(result["harness"]["median_s"] / bare, 3)
    result["ratio_harness_with_report"] = round(result["harness_with_report"]["median_s"] / bare, 3)
    return result
