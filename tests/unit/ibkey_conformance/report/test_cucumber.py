"""cucumber.json as Cucumber's tools read it: Cucumber's own JSON converter must accept it as cucumber-js
output, and multiple-cucumber-html-reporter must render it and count what the results say.

Both run on Node.js from tools/cucumber-consumer (pinned in its package-lock.json; scripts/setup.sh installs
them). A missing Node.js or consumer fails these tests: it never skips them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ibkey_conformance.report.cucumber import render_cucumber

from .sample_results import FACE_ID, IOS_QR, IOS_TYPED, sample_results, with_outcome, with_setup_error

REPO = Path(__file__).resolve().parents[4]
CONSUMER = REPO / "tools" / "cucumber-consumer"
PACKAGES = ("multiple-cucumber-html-reporter", "@cucumber/cucumber-json-converter")
STATUS = {  # a scenario's outcome -> the status a Cucumber tool should give it
    "passed": "passed",
    "failed": "failed",
    "harness_error": "failed",
    "xpassed": "failed",
    "skipped": "skipped",
    "not_applicable": "skipped",
    "xfailed": "skipped",
}


def run_consumer(path: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "node is not installed: the Cucumber JSON consumer runs on Node.js. "
            "Run scripts/setup.sh, which installs Debian's nodejs and npm, then the consumer.",
            pytrace=False,
        )
    missing = [name for name in PACKAGES if not (CONSUMER / "node_modules" / name / "package.json").is_file()]
    if missing:
        pytest.fail(
            f"the Cucumber JSON consumer is not installed: {', '.join(missing)} missing under "
            f"{CONSUMER}/node_modules. Run scripts/setup.sh, or: npm ci --prefix tools/cucumber-consumer",
            pytrace=False,
        )
    return subprocess.run(
        [node, str(CONSUMER / "consume.js"), str(path)], capture_output=True, text=True, timeout=120, check=False
    )


def consume(results: dict, tmp_path: Path) -> dict:
    path = tmp_path / "cucumber.json"
    path.write_text(json.dumps(render_cucumber(results), ensure_ascii=False, indent=2), encoding="utf-8")
    done = run_consumer(path)
    if done.returncode != 0:
        pytest.fail(f"the Cucumber consumer rejected cucumber.json:\n{done.stderr}", pytrace=False)
    return json.loads(done.stdout)


def expected_counts(results: dict) -> dict:
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for scenario in results["scenarios"]:
        counts[STATUS[scenario["outcome"]]] += 1
    return counts


def check_against_results(summary: dict, results: dict) -> None:
    assert summary["implementation"] == "cucumber-js"
    counted = summary["scenarios_counted"]
    assert counted["total"] == len(results["scenarios"])
    assert {key: counted[key] for key in ("passed", "failed", "skipped")} == expected_counts(results)
    assert counted["pending"] == counted["undefined"] == 0
    seen = {(s["feature"], s["name"]): s for s in summary["scenarios"]}
    for scenario in results["scenarios"]:
        consumed = seen[(f"features/{scenario['feature']['file']}", scenario["name"])]
        assert consumed["status"] == STATUS[scenario["outcome"]], scenario["id"]
        assert consumed["steps"] == len(scenario["steps"])
    files = {scenario["feature"]["file"] for scenario in results["scenarios"]}
    assert summary["features"]["total"] == len(files)
    assert summary["html"] == {"index": True, "feature_pages": len(files)}


def test_the_sample_is_read_as_the_results_say(tmp_path):
    results = sample_results()
    summary = consume(results, tmp_path)
    check_against_results(summary, results)
    steps = [step for scenario in results["scenarios"] for step in scenario["steps"]]
    assert summary["steps"]["passed"] == sum(1 for step in steps if step["outcome"] == "passed")
    assert summary["steps"]["failed"] == 1
    assert summary["features"] == {"total": 2, "passed": 1, "failed": 1, "skipped": 0}
    [failed] = [s for s in summary["scenarios"] if s["status"] == "failed"]
    [message] = failed["error_messages"]
    assert message.startswith("failed clause FACEID-PUSH: notifications on the phone\n\nAssertionError: ")
    assert "Expected: IBKRモバイルからの通知 1件\nActual:   通知 0件 (5秒待機)" in message


def test_every_outcome_is_counted_as_its_cucumber_status(tmp_path):
    results = with_outcome(sample_results(), IOS_QR, "xpassed", "KNOWN-3")
    results = with_outcome(results, IOS_TYPED, "xfailed", "KNOWN-4")
    results = with_setup_error(results, FACE_ID)
    summary = consume(results, tmp_path)
    check_against_results(summary, results)
    by_name = {s["name"]: s for s in summary["scenarios"]}
    assert by_name["More, Two-Factor Authentication, Add User, then the QR code"]["error_messages"] == [
        "unexpected pass: KNOWN-3"
    ]
    [setup] = by_name["通知を選択してFace IDで認証する"]["error_messages"]
    assert setup.startswith("ConnectionRefusedError: [Errno 111] Connection refused")


def test_the_consumer_really_checks_the_format(tmp_path):
    features = render_cucumber(sample_results())
    del features[0]["elements"][0]["steps"][0]["result"]
    path = tmp_path / "cucumber.json"
    path.write_text(json.dumps(features), encoding="utf-8")
    done = run_consumer(path)
    assert done.returncode == 1
    assert "not Cucumber JSON of any known implementation" in done.stderr


def test_format_details_cucumber_tools_rely_on():
    [activation, face_id] = render_cucumber(sample_results())
    assert activation["uri"] == "features/activation/ios_qr_from_home_page.feature"
    assert (activation["keyword"], face_id["keyword"]) == ("Feature", "機能")
    assert activation["tags"] == [
        {"name": "@ios", "line": 1},
        {"name": "@browser", "line": 1},
        {"name": "@camera", "line": 1},
    ]
    scenario = activation["elements"][0]
    assert scenario["type"] == "scenario" and scenario["keyword"] == "Scenario"
    assert scenario["id"].startswith(activation["id"] + ";")
    assert scenario["tags"] == [{"name": "@clause.IOS-QR-1B", "line": 6}]
    step = scenario["steps"][1]
    assert step["keyword"] == "And " and step["name"] == "I am logged in to the Client Portal, which recommends IB Key"
    assert step["result"] == {"status": "passed", "duration": 1_300_000_000}
    assert isinstance(step["result"]["duration"], int)
    assert step["match"] == {"location": ""} and step["line"] == 9
    assert face_id["elements"][0]["steps"][0]["keyword"] == "前提 "
    assert face_id["elements"][0]["keyword"] == "シナリオ"


def test_no_screenshot_is_embedded():
    text = json.dumps(render_cucumber(sample_results()))
    assert "embeddings" not in text and "base64" not in text and "images/" not in text
