"""The conventions a pytest or Cucumber user expects of `ibkey-conform run`, each through the CLI as they type it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PORTS_MUTANT = "fixtures/implementations/mutants/trading_gateway_on_4002.py:create_server"
LOCKOUT_MUTANT = "fixtures/implementations/mutants/lockout_at_eleven.py:create_server"
PORT_SCENARIOS = ["-k", "ポート"]  # the four trading-platform scenarios: no browser, a few seconds


def _run(report_dir: Path, *options: str) -> tuple[subprocess.CompletedProcess, dict | None]:
    command = [sys.executable, "-m", "ibkey_conformance.cli", "run", "--report-dir", str(report_dir), *options]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    results = report_dir / "latest" / "results.json"
    return done, json.loads(results.read_text(encoding="utf-8")) if results.is_file() else None


def _ran(results: dict) -> list[str]:
    return [scenario["name"] for scenario in results["scenarios"]]


def test_version_and_help_say_what_a_user_needs_first():
    version = subprocess.run([sys.executable, "-m", "ibkey_conformance.cli", "--version"], capture_output=True,
                             text=True)
    assert version.stdout.startswith("ibkey-conform ")
    helped = subprocess.run([sys.executable, "-m", "ibkey_conformance.cli", "run", "--help"], capture_output=True,
                            text=True, env=os.environ | {"COLUMNS": "200"}).stdout
    assert "(default: reports)" in helped and "(default: retain-on-failure)" in helped
    assert "exit codes:" in helped and "1  DOES NOT CONFORM" in helped
    for option in ("-k EXPR", "--tags TAGS", "--lf", "-x", "-v", "--seed SEED", "--platform", "--lang"):
        assert option in helped


def test_k_and_a_cucumber_tag_expression_choose_scenarios_and_the_verdict_says_so(tmp_path):
    done, results = _run(tmp_path, "-k", "another publisher", "--tags", "@ios and not @browser")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert _ran(results) == ['An "IBKR Mobile" from another publisher in the App Store']
    assert "verdict: CONFORMS for the selection (--tags @ios and not @browser -k another publisher:" in done.stdout


def test_a_tag_that_does_not_exist_is_named_with_the_tags_there_are(tmp_path):
    done, results = _run(tmp_path, "--tags", "@iso and not @browser")
    assert done.returncode == 2 and results is None
    assert "--tags '@iso and not @browser': '@iso' is no tag (did you mean 'ios'?); tags are @ios" in done.stderr
    assert "Traceback" not in done.stderr


def test_lf_runs_again_only_what_failed_and_only_against_the_same_target(tmp_path):
    done, first = _run(tmp_path, "--server", PORTS_MUTANT, *PORT_SCENARIOS)
    assert done.returncode == 1, done.stdout[-2000:]
    failed = sorted(s["name"] for s in first["scenarios"] if s["outcome"] == "failed")
    assert 0 < len(failed) < len(first["scenarios"])

    done, again = _run(tmp_path, "--server", PORTS_MUTANT, "--lf")
    assert done.returncode == 1 and sorted(_ran(again)) == failed
    assert "verdict: DOES NOT CONFORM" in done.stdout

    done, _ = _run(tmp_path, "--lf")
    assert done.returncode == 2
    assert f"judged {PORTS_MUTANT.split(':')[0]}" in done.stderr and "give the same target options" in done.stderr


def test_lf_after_a_run_without_failures_has_nothing_to_run(tmp_path):
    _run(tmp_path, *PORT_SCENARIOS)
    done, _ = _run(tmp_path, "--lf")
    assert done.returncode == 2 and "no scenario failed in the last run" in done.stderr


def test_x_stops_at_the_first_failed_scenario(tmp_path):
    done, results = _run(tmp_path, "--server", PORTS_MUTANT, *PORT_SCENARIOS, "-x")
    assert done.returncode == 1
    assert [s["outcome"] for s in results["scenarios"]][-1] == "failed"
    assert [s["outcome"] for s in results["scenarios"]].count("failed") == 1


def test_v_prints_a_line_per_scenario_and_a_failure_is_a_short_block(tmp_path):
    done, results = _run(tmp_path, "--server", PORTS_MUTANT, *PORT_SCENARIOS, "-v")
    lines = done.stdout.splitlines()
    for scenario in results["scenarios"]:
        assert any(scenario["name"] in line and line.startswith("[") for line in lines), scenario["name"]
    block = done.stdout.split("\nFAILED  ", 1)[1].split("\n\n", 1)[0]
    assert "  clause:    LPC-PORTS" in block and "  expected:  " in block and "  actual:    " in block
    assert f"--server {PORTS_MUTANT}" in block and "--seed " in block
    assert "Traceback" not in done.stdout and "_pytest" not in done.stdout


def test_a_seed_gives_every_scenario_its_own_user_and_is_recorded(tmp_path):
    done, results = _run(tmp_path, *PORT_SCENARIOS, "--seed", "5")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert len(results["scenarios"]) == 4 and {s["seed"] for s in results["scenarios"]} == {5}
    assert "[  4/4  " in done.stdout and "...." not in done.stdout, "a count, not pytest's dots"


def test_a_failure_on_the_phone_reads_as_words_not_as_python(tmp_path):
    mutant = "fixtures/implementations/mutants/pin_of_three_accepted.py:create_authenticator"
    done, _ = _run(tmp_path, "--authenticator", mutant, "--clauses", "AND-PIN-RULE", "-x")
    assert done.returncode == 1, done.stdout[-2000:]
    assert "  clause:    AND-PIN-RULE" in done.stdout
    assert "Screen(" not in done.stdout and "Traceback" not in done.stdout


def test_what_follows_a_double_dash_goes_to_pytest(tmp_path):
    done, results = _run(tmp_path, *PORT_SCENARIOS, "--", "--durations=1")
    assert done.returncode == 0 and "slowest 1 durations" in done.stdout
    assert results["run"]["selection"]["pytest_args"] == "--durations=1"
    done, _ = _run(tmp_path, *PORT_SCENARIOS, "--", "--no-such-option")
    assert done.returncode == 2 and "pytest refused the arguments after --: --no-such-option" in done.stderr


def test_a_failed_browser_scenario_keeps_a_trace_of_its_actions_linked_from_the_report(tmp_path):
    done, results = _run(tmp_path, "--server", LOCKOUT_MUTANT, "-k", "回連続して間違えた後は", "-x")
    assert done.returncode == 1, done.stdout[-2000:]
    [scenario] = results["scenarios"]
    [trace] = scenario["traces"]
    run_dir = (tmp_path / "latest").resolve()
    assert f'href="{trace}"' in (run_dir / "conformance.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(run_dir / trace) as archive:
        actions = [json.loads(line) for line in archive.read("trace.trace").decode().splitlines()]
    methods = {action.get("method") for action in actions if action.get("type") == "before"}
    assert {"goto", "fill", "click"} <= methods
    assert f"playwright show-trace {run_dir / trace}" in done.stdout


def test_a_passing_browser_scenario_keeps_no_trace_unless_asked(tmp_path):
    done, results = _run(tmp_path, "-k", "lowercase and without")
    assert done.returncode == 0 and results["scenarios"][0]["traces"] == []
    done, results = _run(tmp_path, "-k", "lowercase and without", "--trace", "on")
    assert done.returncode == 0 and len(results["scenarios"][0]["traces"]) == 1


def test_a_k_expression_pytest_cannot_read_is_one_line_saying_what_k_takes(tmp_path):
    done, results = _run(tmp_path, "-k", "lockout and")
    assert done.returncode == 2 and results is None
    assert "ibkey-conform run: pytest refused -k 'lockout and' (its message is above); -k takes words" in done.stderr
