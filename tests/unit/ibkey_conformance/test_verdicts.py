"""The verdict a third party gets, end to end through `ibkey-conform run`: never CONFORMS by default, and a
failure blamed on the clause whose check failed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ibkey_conformance.clauses import load_catalogue

ROOT = Path(__file__).resolve().parents[3]
CASES = ROOT / "fixtures" / "implementations" / "verdict_cases"


def _run(tmp_path: Path, *options: str, env: dict | None = None) -> tuple[subprocess.CompletedProcess, dict | None]:
    report_dir = tmp_path / "reports"
    process = subprocess.run(
        [sys.executable, "-m", "ibkey_conformance.cli", "run", *options, "--report-dir", str(report_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})},
    )
    results = report_dir / "latest" / "results.json"
    return process, json.loads(results.read_text(encoding="utf-8")) if results.is_file() else None


def _verdicts(results: dict) -> dict[str, str]:
    return {clause["id"]: clause["verdict"] for clause in results["clauses"]}


def test_an_authenticator_that_does_nothing_gets_nothing_tested(tmp_path: Path):
    factory = f"{CASES / 'do_nothing_authenticator.py'}:create_authenticator"
    process, results = _run(tmp_path, "--authenticator", factory)
    assert process.returncode == 2, process.stdout[-3000:] + process.stderr[-2000:]
    assert "verdict: NOTHING TESTED: no scenario that ran called" in process.stdout
    assert results["verdict"] == "nothing_tested"
    assert not any(scenario["exercised"] for scenario in results["scenarios"])
    assert "failed" not in _verdicts(results).values()
    assert results["totals"]["clauses_passed"] == 0


def test_a_misspelled_config_key_is_refused_before_anything_runs(tmp_path: Path):
    process, results = _run(tmp_path, "--config", str(CASES / "misspelled_key.toml"))
    assert process.returncode == 2
    assert "[authenticator] has no setting 'comand' (did you mean 'command'?)" in process.stderr
    assert "Traceback" not in process.stderr and "CONFORMS" not in process.stdout
    assert results is None and not (tmp_path / "reports" / "latest").exists()


def test_an_unknown_clause_is_refused_with_a_suggestion(tmp_path: Path):
    process, _ = _run(tmp_path, "--clauses", "LP1-LOKOUT")
    assert process.returncode == 2
    assert "--clauses: no clause 'LP1-LOKOUT' (did you mean 'LP1-LOCKOUT'?)" in process.stderr


def test_a_one_clause_selection_conforms_for_the_selection_only(tmp_path: Path):
    process, results = _run(tmp_path, "--clauses", "LP1-LOCKOUT")
    assert process.returncode == 0, process.stdout[-3000:]
    total = len(load_catalogue().clauses)
    named = {clause for scenario in results["scenarios"] for clause in scenario["clauses"]}
    assert "LP1-LOCKOUT" in named and len(named) < total
    selection = f"--clauses LP1-LOCKOUT: {len(named)} of {total} clauses"
    assert f"verdict: CONFORMS for the selection ({selection})" in process.stdout
    assert results["verdict_detail"]["scope"] == "selection"
    assert _verdicts(results)["LP1-LOCKOUT"] == "passed"
    assert results["totals"]["clauses_passed"] == len(named)


def test_a_browser_that_cannot_start_is_a_harness_error_not_a_failure(tmp_path: Path):
    process, results = _run(tmp_path, "--clauses", "LP1-LOCKOUT", env={"IBKEY_CHROMIUM": "/bin/false"})
    assert process.returncode == 2, process.stdout[-3000:]
    assert "verdict: DID NOT RUN: " in process.stdout and "browser" in process.stdout
    assert results["scenarios"] and {scenario["outcome"] for scenario in results["scenarios"]} == {"harness_error"}
    assert "failed" not in _verdicts(results).values()


def test_a_wrong_response_value_fails_the_login_clauses_not_the_lengths(tmp_path: Path):
    process, results = _run(
        tmp_path, "--authenticator", f"{CASES / 'challenge_read_as_hex.py'}:create_authenticator",
        "--clauses", "CR-CHALLENGE-6",
    )
    assert process.returncode == 1, process.stdout[-3000:]
    verdicts = _verdicts(results)
    failed = {clause for clause, verdict in verdicts.items() if verdict == "failed"}
    assert failed and failed <= {"CR-5", "LOGIN-CONTINUES", "KB-CR-ALWAYS", "KB3234-G", "KB3234-H"}, failed
    assert verdicts["CR-CHALLENGE-6"] == verdicts["CR-RESPONSE-8"] == "passed"
    failing = [check for s in results["scenarios"] for check in s["checks"] if check["outcome"] == "failed"]
    assert failing and all(check["what"] == "the user the portal's home page welcomes" for check in failing), failing
    assert all("shows the error 'ログインに失敗しました'" in check["actual"] for check in failing), failing
    assert f"verdict: DOES NOT CONFORM: {len(failed)} clause(s) failed" in process.stdout


def _previous_run(tmp_path: Path) -> Path:
    """A run that happened before: `reports/latest` points at it."""
    earlier = tmp_path / "reports" / "20261201-090000-abcd"
    earlier.mkdir(parents=True)
    (tmp_path / "reports" / "latest").symlink_to(earlier.name, target_is_directory=True)
    return earlier


def test_a_selection_of_nothing_is_refused_and_latest_still_names_the_last_run(tmp_path: Path):
    earlier = _previous_run(tmp_path)
    process, _ = _run(tmp_path, "--tags", "ios and android")
    assert process.returncode == 2, process.stdout[-2000:]
    assert "ibkey-conform run: --tags ios and android selects no scenario; tags are @ios" in process.stderr
    assert "CONFORMS" not in process.stdout and "Traceback" not in process.stderr
    assert (tmp_path / "reports" / "latest").resolve() == earlier.resolve()
    assert sorted(path.name for path in (tmp_path / "reports").iterdir()) == ["20261201-090000-abcd", "latest"]


def test_an_unknown_expected_failure_is_refused_with_a_suggestion(tmp_path: Path):
    config = tmp_path / "target.toml"
    config.write_text('[expected_failures]\n"QR CODE, Allow, scan, then the pin" = "ticket 12"\n', encoding="utf-8")
    process, _ = _run(tmp_path, "--config", str(config))
    assert process.returncode == 2
    assert (
        "[expected_failures] names no scenario 'QR CODE, Allow, scan, then the pin' "
        "(did you mean 'QR CODE, Allow, scan, then the PIN'?)"
    ) in process.stderr


def test_a_factory_that_is_not_callable_is_refused(tmp_path: Path):
    module = tmp_path / "acme.py"
    module.write_text("create_authenticator = 42\n", encoding="utf-8")
    process, _ = _run(tmp_path, "--authenticator", f"{module}:create_authenticator")
    assert process.returncode == 2
    assert "int 42 is not callable; name a factory function" in process.stderr


def test_lang_en_selects_the_english_scenarios(tmp_path: Path):
    process, results = _run(tmp_path, "--lang", "en", "--clauses", "AND-SID-7")
    assert process.returncode == 0, process.stdout[-3000:]
    languages = {scenario["feature"]["language"] for scenario in results["scenarios"]}
    assert languages == {"en"}
