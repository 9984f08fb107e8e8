"""What the harness does with broken input: a clear message, the run completes, the report says what happened."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
HARNESS_PARTS = (
    "ibkey_conformance", "ibkey_reference", "features", "steps", "fixtures", "conftest.py", "pyproject.toml",
)
NON_BROWSER_ANDROID = ["--platform", "android", "--tags", "not browser"]
EXPLODING_AUTHENTICATOR = '''
from ibkey_reference.phone.ibkr_mobile.authenticator import ReferenceAuthenticator


class ExplodingAuthenticator(ReferenceAuthenticator):
    def activate(self, code, **details):
        raise RuntimeError("the vendor SDK lost its keystore")


def create_authenticator(phone):
    return ExplodingAuthenticator(phone)
'''


def _run(cwd: Path, report_dir: Path, *options: str, env: dict | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "ibkey_conformance.cli", "run", *options, "--report-dir", str(report_dir)]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


def test_a_malformed_feature_file_is_named_with_its_line_and_the_other_scenarios_still_run(tmp_path):
    copy = tmp_path / "harness"
    for part in HARNESS_PARTS:
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, copy / part)
    (copy / "features" / "activation" / "broken.feature").write_text("Scenario: lost\n  Gvien a step\n")

    done = _run(copy, tmp_path / "reports", *NON_BROWSER_ANDROID, env=os.environ | {"PYTHONPATH": str(copy)})

    assert done.returncode == 2 and "Traceback" not in done.stdout + done.stderr, done.stdout[-3000:] + done.stderr
    problem = "features/activation/broken.feature cannot be read, so none of its scenarios ran: line 1:"
    assert f"problem: {problem}" in done.stdout and "verdict: DID NOT RUN" in done.stdout
    results = json.loads((tmp_path / "reports" / "latest" / "results.json").read_text(encoding="utf-8"))
    assert [p["test"] for p in results["problems"]] == ["features/activation/broken.feature"]
    assert "'Scenario: lost'" in results["problems"][0]["message"]
    assert results["verdict"] == "did_not_run" and results["totals"]["passed"] == results["totals"]["scenarios"] >= 3
    html = (tmp_path / "reports" / "latest" / "conformance.html").read_text(encoding="utf-8")
    assert "What kept part of the suite from running" in html and "features/activation/broken.feature" in html


def test_an_authenticator_that_raises_fails_its_scenarios_with_its_message_and_the_run_completes(tmp_path):
    factory = tmp_path / "exploding.py"
    factory.write_text(EXPLODING_AUTHENTICATOR)

    activating = ["--clauses", "CR-WHEN"]
    done = _run(REPO, tmp_path / "reports", *activating, "--authenticator", f"{factory}:create_authenticator")

    assert done.returncode == 1 and "verdict: DOES NOT CONFORM" in done.stdout, done.stdout[-3000:] + done.stderr
    results = json.loads((tmp_path / "reports" / "latest" / "results.json").read_text(encoding="utf-8"))
    failed = [scenario for scenario in results["scenarios"] if scenario["outcome"] == "failed"]
    assert len(failed) == results["totals"]["scenarios"] >= 3
    for scenario in failed:
        assert scenario["error"]["type"] == "RuntimeError", scenario["error"]
        assert scenario["error"]["message"] == "the vendor SDK lost its keystore"
        assert scenario["error"]["step"] is not None
    html = (tmp_path / "reports" / "latest" / "conformance.html").read_text(encoding="utf-8")
    assert "the vendor SDK lost its keystore" in html
