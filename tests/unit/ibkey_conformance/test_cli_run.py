"""`ibkey-conform run` end to end on a small selection: progress, verdict, the four outputs and reports/latest."""

import json
import subprocess
import sys

from ibkey_conformance.report.results_file import load_results


def test_a_run_prints_the_verdict_and_leaves_all_four_outputs_under_latest(tmp_path):
    command = [sys.executable, "-m", "ibkey_conformance.cli", "run", "--platform", "android", "--tags", "not browser"]
    done = subprocess.run([*command, "--report-dir", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [run_dir] = [path for path in tmp_path.iterdir() if path.name != "latest"]
    assert "verdict: CONFORMS" in done.stdout and f"report:  {run_dir / 'conformance.html'}" in done.stdout
    assert (tmp_path / "latest").resolve() == run_dir.resolve()
    outputs = {"results.json", "conformance.html", "junit.xml", "cucumber.json"}
    assert outputs <= {path.name for path in run_dir.iterdir()}
    results = load_results(run_dir / "results.json")
    assert results["run"]["id"] == run_dir.name and results["verdict"] == "conforms"
    assert results["run"]["selection"] == {
        "tags": "not browser", "platform": "android", "lang": None, "clauses": None, "k": None, "rerun_failed": None,
        "pytest_args": None,
    }
    assert results["totals"]["scenarios"] == results["totals"]["passed"] >= 3
    assert all("android" in scenario["tags"] for scenario in results["scenarios"])
    assert json.loads((run_dir / "cucumber.json").read_text(encoding="utf-8"))
    assert "warning" not in done.stdout, done.stdout
