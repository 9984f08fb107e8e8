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

  @clause.LP1-LOCKOUT @clause.LP1-LOWERCASE
  Scenario: Failing comparison
    Given a password "{PASSWORD}"
    Then the screen says "ok"
    And the error code is "account_locked"
    And the screen says "ok"

  @clause.LP1-LOCKOUT @clause.LP1-LOWERCASE
  Scenario: A step that cannot be carried out
    Given a password "{PASSWORD}"
    When the target refuses to log in
    Then the error code is "account_locked"

  @clause.LP1-LOWERCASE
  Scenario: Nothing checked
    Given a password "{PASSWORD}"
    When I type it

  Scenario: Not applicable
    Given a phone without a camera

  Scenario: Known deviation
    Given a known deviation

  @clause.LP1-LOWERCASE
  Scenario: Broken set-up
    Given a password "{PASSWORD}"
"""
STEPS = """\
import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from ibkey_conformance.adapters.exercised import note_target_call
from ibkey_conformance.checks import checks

scenarios("demo.feature")


@pytest.fixture(autouse=True)
def _database(request):
    if "broken" in request.node.name:
        raise RuntimeError("the database is unavailable")


@given(parsers.parse('a password "{password}"'), target_fixture="password")
def _(password, request):
    note_target_call(request.node)
    return password


@when("I type it")
def _(password):
    pass


@when("the target refuses to log in")
def _(password):
    raise RuntimeError("the portal answered 403: login refused")


@then(parsers.parse('the screen says "{text}"'))
@checks("LP1-LOWERCASE")
def _(text, check):
    check("the screen's text", "ok", text)


@then(parsers.parse('the error code is "{code}"'))
@checks("LP1-LOCKOUT")
def _(password, code, check):
    check("the error code", code, f"invalid_login for {password}")


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
    command += ["-p", "ibkey_conformance.checks_plugin"]
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
        "A step that cannot be carried out": "failed",
        "Nothing checked": "harness_error",
        "Not applicable": "not_applicable",
        "Known deviation": "xfailed",
        "Broken set-up": "harness_error",
    }
    assert results["verdict"] == "did_not_run"
    assert results["verdict_detail"]["cause"] == "Broken set-up: the database is unavailable"
    assert {key: results["totals"][key] for key in ("scenarios", "passed", "failed", "harness_error")} == {
        "scenarios": 7, "passed": 1, "failed": 2, "harness_error": 2,
    }


def test_steps_carry_outcome_and_duration_and_the_scenario_its_clauses_and_tags(results):
    passing = _scenario(results, "Passing")
    assert [(step["keyword"], step["outcome"]) for step in passing["steps"]] == [
        ("Given", "passed"), ("When", "passed"), ("Then", "passed"),
    ]
    assert all(step["duration_s"] >= 0 for step in passing["steps"])
    assert passing["clauses"] == ["LP1-LOWERCASE"] and passing["tags"] == ["fast"]
    assert passing["feature"]["file"] == "demo.feature" and passing["duration_s"] > 0
    assert passing["exercised"] is True


def test_each_comparison_is_a_check_on_the_clause_its_step_declares(results):
    failing = _scenario(results, "Failing comparison")
    assert [step["outcome"] for step in failing["steps"]] == ["passed", "passed", "failed", "not_run"]
    assert [(check["clauses"], check["outcome"], check["step"]) for check in failing["checks"]] == [
        (["LP1-LOWERCASE"], "passed", 1), (["LP1-LOCKOUT"], "failed", 2),
    ]
    failed = failing["checks"][1]
    assert failed["what"] == "the error code" and failed["expected"] == "'account_locked'"
    assert failed["actual"] == f"'invalid_login for {'•' * len(PASSWORD)}'"
    assert failing["error"]["step"] == 2 and failing["error"]["type"] == "CheckFailed"


def test_a_step_that_cannot_be_carried_out_fails_the_clause_it_led_to_with_what_was_seen(results):
    refused = _scenario(results, "A step that cannot be carried out")
    [check] = refused["checks"]
    assert check["clauses"] == ["LP1-LOCKOUT"] and check["outcome"] == "failed" and check["step"] == 1
    assert check["actual"] == "the portal answered 403: login refused"


def test_a_scenario_with_no_check_proves_nothing_and_is_a_harness_error(results):
    empty = _scenario(results, "Nothing checked")
    assert empty["checks"] == [] and "without a single check" in empty["error"]["message"]


def test_skips_and_expected_failures_keep_their_reason(results):
    assert _scenario(results, "Not applicable")["reason"] == "not applicable: the target has no camera"
    assert _scenario(results, "Known deviation")["reason"] == "listed in the target's expected failures"


def test_a_set_up_error_is_the_harness_with_steps_not_run(results):
    broken = _scenario(results, "Broken set-up")
    assert broken["error"]["phase"] == "setup" and "database is unavailable" in broken["error"]["message"]
    assert [step["outcome"] for step in broken["steps"]] == ["not_run"]


def test_only_the_clause_of_a_failed_check_fails(results):
    verdicts = {clause["id"]: clause["verdict"] for clause in results["clauses"]}
    assert verdicts["LP1-LOWERCASE"] == "passed" and verdicts["LP1-LOCKOUT"] == "failed"
    assert [clause for clause, verdict in verdicts.items() if verdict == "failed"] == ["LP1-LOCKOUT"]


def test_the_password_is_nowhere_in_the_report(results, tmp_path_factory):
    report_files = [path for path in Path(tmp_path_factory.getbasetemp()).rglob("report/*") if path.is_file()]
    assert {path.name for path in report_files} >= {"results.json", "conformance.html", "junit.xml", "cucumber.json"}
    for path in report_files:
        assert PASSWORD not in path.read_text(encoding="utf-8"), path
