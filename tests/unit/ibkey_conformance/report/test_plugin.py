"""The report plugin on a small suite of its own, run as a separate pytest process, with and without xdist."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ibkey_conformance.report.results_file import load_results

PASSWORD = "Sup3r-Secret!"
FEATURE = f"""\
Feature: Report plugin demo
  A feature for the plugin's own tests.

  @clause.LP1-LOWERCASE @fast
  Scenario: Passing
    Given a password "{PASSWORD}"
    When I type it
    Then the screen says "ok"

  @clause.LP1-LOCKOUT
  Scenario: Failing comparison
    Given a password "{PASSWORD}"
    Then the error code is "account_locked"
    And the screen says "ok"

  Scenario: Not applicable
    Given a phone without a camera

  Scenario: Known deviation
    Given a known deviation

  Scenario: Broken set-up
    Given a password "{PASSWORD}"
"""
STEPS = """\
import pytest
from pytest_bdd import given, parsers, scenarios, then, when

scenarios("demo.feature")


@pytest.fixture(autouse=True)
def _database(request):
    if "broken" in request.node.name:
        raise RuntimeError("the database is unavailable")


@given(parsers.parse('a password "{password}"'), target_fixture="password")
def _(password):
    return password


@when("I type it")
def _(password):
    pass


@then(parsers.parse('the screen says "{text}"'))
def _(text):
    assert text == "ok"


@then(parsers.parse('the error code is "{code}"'))
def _(password, code):
    assert f"invalid_login for {password}" == code


@given("a phone without a camera")
def _():
    pytest.skip("not applicable: the target has no camera")


@given("a known deviation")
def _():
    pytest.xfail("listed in the target's expected failures")
"""


def _run(tmp_path: Path, *options: str) -> dict:
    (tmp_path / "demo.feature").write_text(FEATURE)
    (tmp_path / "test_demo.py").write_text(textwrap.dedent(STEPS))
    report_dir = tmp_path / "report"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "ibkey_conformance.report.plugin"]
    command += [f"--ibkey-report-dir={report_dir}", *options]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    return load_results(report_dir / "results.json")


@pytest.fixture(scope="module", params=["serial", "xdist"])
def results(request, tmp_path_factory) -> dict:
    options = ("-n", "2") if request.param == "xdist" else ()
    return _run(tmp_path_factory.mktemp(request.param), *options)


def _scenario(results: dict, name: str) -> dict:
    return next(scenario for scenario in results["scenarios"] if scenario["name"] == name)


def test_every_outcome_is_recorded(results):
    outcomes = {scenario["name"]: scenario["outcome"] for scenario in results["scenarios"]}
    assert outcomes == {
        "Passing": "passed",
        "Failing comparison": "failed",
        "Not applicable": "not_applicable",
        "Known deviation": "xfailed",
        "Broken set-up": "error",
    }
    assert results["verdict"] == "does_not_conform"
    assert results["totals"] | {"clauses": 0, "clauses_tested": 0} == {
        "scenarios": 5, "passed": 1, "failed": 1, "error": 1, "skipped": 0, "xfailed": 1, "xpassed": 0,
        "not_applicable": 1, "clauses": 0, "clauses_tested": 0,
    }


def test_steps_carry_outcome_and_duration_and_the_scenario_its_clauses_and_tags(results):
    passing = _scenario(results, "Passing")
    assert [(step["keyword"], step["outcome"]) for step in passing["steps"]] == [
        ("Given", "passed"), ("When", "passed"), ("Then", "passed"),
    ]
    assert all(step["duration_s"] >= 0 for step in passing["steps"])
    assert passing["clauses"] == ["LP1-LOWERCASE"] and passing["tags"] == ["fast"]
    assert passing["feature"]["file"] == "demo.feature" and passing["duration_s"] > 0


def test_a_failing_comparison_names_its_step_and_expected_against_actual(results):
    failing = _scenario(results, "Failing comparison")
    assert [step["outcome"] for step in failing["steps"]] == ["passed", "failed", "not_run"]
    error = failing["error"]
    assert error["step"] == 1 and error["phase"] == "call" and error["type"] == "AssertionError"
    assert error["expected"] == "'account_locked'"
    assert error["actual"] == f"'invalid_login for {'•' * len(PASSWORD)}'"


def test_skips_and_expected_failures_keep_their_reason(results):
    assert _scenario(results, "Not applicable")["reason"] == "not applicable: the target has no camera"
    assert _scenario(results, "Known deviation")["reason"] == "listed in the target's expected failures"


def test_a_set_up_error_is_recorded_with_steps_not_run(results):
    broken = _scenario(results, "Broken set-up")
    assert broken["error"]["phase"] == "setup" and "database is unavailable" in broken["error"]["message"]
    assert [step["outcome"] for step in broken["steps"]] == ["not_run"]


def test_clauses_of_the_run_get_their_verdicts(results):
    verdicts = {clause["id"]: clause["verdict"] for clause in results["clauses"]}
    assert verdicts["LP1-LOWERCASE"] == "passed" and verdicts["LP1-LOCKOUT"] == "failed"


def test_the_password_is_nowhere_in_the_report(results, tmp_path_factory):
    report_files = [path for path in Path(tmp_path_factory.getbasetemp()).rglob("report/*") if path.is_file()]
    assert {path.name for path in report_files} >= {"results.json", "conformance.html", "junit.xml", "cucumber.json"}
    for path in report_files:
        assert PASSWORD not in path.read_text(encoding="utf-8"), path
