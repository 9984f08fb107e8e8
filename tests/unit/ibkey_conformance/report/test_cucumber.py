"""cucumber.json as Cucumber's tools read it: Cucumber's own JSON converter must accept it as cucumber-js
output, and multiple-cucumber-html-reporter must render it, count what the results say and show each scenario's
clause tags and the screenshots embedded in its steps.

Both run on Node.js from tools/cucumber-consumer (pinned in its package-lock.json; scripts/setup.sh installs
them). A missing Node.js or consumer fails these tests: it never skips them."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ibkey_conformance.report.cucumber import render_cucumber

from .sample_results import (
    FACE_ID,
    IMAGES,
    IOS_QR,
    IOS_TYPED,
    TOUCH_ID,
    sample_results,
    with_outcome,
    with_setup_error,
    write_images,
)

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


# The sample's screenshots as the steps embed them: where the portal changed since the step before, and on the
# failed step. scenario id -> {step index: screenshot}
EMBEDDED = {
    IOS_QR: {1: "a1b2c3d4", 7: "b5e6f7a8"},
    IOS_TYPED: {},
    FACE_ID: {2: "c9d0e1f2", 3: "c9d0e1f2"},
    TOUCH_ID: {},
}


def cucumber_json(results: dict, run_dir: Path) -> list:
    """cucumber.json rendered from a run folder that holds the sample's screenshots."""
    write_images(run_dir)
    return render_cucumber(results, run_dir)


def write_cucumber_json(features: list, tmp_path: Path) -> Path:
    path = tmp_path / "cucumber.json"
    path.write_text(json.dumps(features, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def consume(results: dict, tmp_path: Path) -> dict:
    done = run_consumer(write_cucumber_json(cucumber_json(results, tmp_path), tmp_path))
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
    assert (summary["html"]["index"], summary["html"]["feature_pages"]) == (True, len(files))


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
    features = cucumber_json(sample_results(), tmp_path)
    del features[0]["elements"][0]["steps"][0]["result"]
    done = run_consumer(write_cucumber_json(features, tmp_path))
    assert done.returncode == 1
    assert "not Cucumber JSON of any known implementation" in done.stderr


def test_the_consumer_really_checks_the_embeddings(tmp_path):
    features = cucumber_json(sample_results(), tmp_path)
    [embedding] = features[0]["elements"][0]["steps"][1]["embeddings"]
    embedding["data"] = "images/a1b2c3d4.png"
    done = run_consumer(write_cucumber_json(features, tmp_path))
    assert done.returncode == 1
    assert "[0].elements[0].steps[1].embeddings[0] is not {data: base64, mime_type}" in done.stderr


def test_format_details_cucumber_tools_rely_on(tmp_path):
    [activation, face_id] = cucumber_json(sample_results(), tmp_path)
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
    assert scenario["tags"] == [*activation["tags"], {"name": "@clause.IOS-QR-1B", "line": 6}]
    step = scenario["steps"][0]
    assert step["keyword"] == "Given " and step["name"] == "a Client Portal user"
    assert step["result"] == {"status": "passed", "duration": 50_000_000}
    assert isinstance(step["result"]["duration"], int)
    assert step["match"] == {"location": ""} and step["line"] == 8
    assert face_id["elements"][0]["steps"][0]["keyword"] == "前提 "
    assert face_id["elements"][0]["keyword"] == "シナリオ"


def test_a_scenario_carries_its_feature_tags_its_own_and_its_clauses(tmp_path):
    results = sample_results()
    [_, face_id] = cucumber_json(results, tmp_path)
    assert [(tag["name"], tag["line"]) for tag in face_id["elements"][0]["tags"]] == [
        ("@ja", 2),
        ("@ios", 2),
        ("@browser", 2),
        ("@slow", 7),
        ("@clause.PUSH-WAIT", 7),
        ("@clause.FACEID-PUSH", 7),
    ]
    results["scenarios"][2]["tags"].append("clause.FACEID-PUSH")  # as a results file may hold it
    [_, face_id] = render_cucumber(results, tmp_path)
    names = [tag["name"] for tag in face_id["elements"][0]["tags"]]
    assert names.count("@clause.FACEID-PUSH") == 1


def test_screenshots_are_embedded_where_the_portal_changed_and_on_the_failed_step(tmp_path):
    results = sample_results()
    by_name = {
        element["name"]: element for feature in cucumber_json(results, tmp_path) for element in feature["elements"]
    }
    for scenario in results["scenarios"]:
        steps = by_name[scenario["name"]]["steps"]
        embedded = {index: step["embeddings"] for index, step in enumerate(steps) if "embeddings" in step}
        assert list(embedded) == list(EMBEDDED[scenario["id"]]), scenario["id"]
        for index, [embedding] in embedded.items():
            assert embedding["mime_type"] == "image/png"
            image = tmp_path / "images" / f"{EMBEDDED[scenario['id']][index]}.png"
            assert base64.b64decode(embedding["data"], validate=True) == image.read_bytes()


def test_the_consumer_sees_the_clause_tags_and_the_screenshots(tmp_path):
    results = sample_results()
    summary = consume(results, tmp_path)
    digests = {name: hashlib.sha256((tmp_path / "images" / f"{name}.png").read_bytes()).hexdigest() for name in IMAGES}
    seen = {s["name"]: s for s in summary["scenarios"]}
    for scenario in results["scenarios"]:
        consumed = seen[scenario["name"]]
        assert {f"@clause.{clause}" for clause in scenario["clauses"]} <= set(consumed["tags"])
        assert {f"@{tag}" for tag in scenario["tags"]} <= set(consumed["tags"])
        embedded = EMBEDDED[scenario["id"]]
        expected = [[digests[embedded[i]]] if i in embedded else [] for i in range(len(scenario["steps"]))]
        assert consumed["screenshots"] == expected, scenario["id"]
    assert summary["html"]["screenshots"] == sum(len(embedded) for embedded in EMBEDDED.values())
    clause_tags = {f"@clause.{clause}" for scenario in results["scenarios"] for clause in scenario["clauses"]}
    assert clause_tags <= set(summary["html"]["tags"])
