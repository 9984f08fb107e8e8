"""junit.xml as its consumers read it: valid against the schema Jenkins' xunit plugin checks, read by junitparser
(suites per feature, counts, names, messages) and by the rules of GitLab's JUnit parser."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
from junitparser import Error, Failure, JUnitXml, Properties, Skipped
from lxml import etree

from ibkey_conformance.report.junit import classname, render_junit

from .sample_results import FACE_ID, IOS_QR, IOS_TYPED, TOUCH_ID, sample_results, with_outcome, with_setup_error

JENKINS_XUNIT_SCHEMA = Path(__file__).resolve().parents[4] / "fixtures" / "schemas" / "junit-10.xsd"


def read(results: dict) -> JUnitXml:
    """As a CI server reads the file: bytes (with lxml, junitparser refuses text that declares its encoding)."""
    return JUnitXml.fromstring(render_junit(results).encode("utf-8"))


def cases(xml: JUnitXml) -> dict:
    return {(case.classname, case.name): case for suite in xml for case in suite}


def test_one_suite_per_feature_file_with_its_counts():
    xml = read(sample_results())
    suites = {suite.name: suite for suite in xml}
    assert list(suites) == [
        "Activate IB Key on iOS with the in-app QR scanner, starting from the Home page (1.b)",
        "Face IDでの使用方法",
    ]
    activation, face_id = suites.values()
    assert (activation.tests, activation.failures, activation.errors, activation.skipped) == (2, 0, 0, 1)
    assert (face_id.tests, face_id.failures, face_id.errors, face_id.skipped) == (2, 1, 0, 1)
    assert activation.time == pytest.approx(4.82) and face_id.time == pytest.approx(7.31)
    assert (xml.tests, xml.failures, xml.errors) == (4, 1, 0)
    assert xml.time == pytest.approx(12.13)


def test_counts_match_what_the_testcases_say():
    """The counts a consumer reads from attributes equal the ones it computes from the cases."""
    results = with_setup_error(with_outcome(sample_results(), IOS_QR, "xpassed", "KNOWN-1"), FACE_ID)
    xml = read(results)
    for suite in xml:
        stated = (suite.tests, suite.failures, suite.errors, suite.skipped, round(suite.time, 3))
        suite.update_statistics()
        assert stated == (suite.tests, suite.failures, suite.errors, suite.skipped, round(suite.time, 3))


def test_testcases_are_named_by_feature_path_and_scenario():
    found = cases(read(sample_results()))
    assert set(found) == {
        ("features.activation.ios_qr_from_home_page", "More, Two-Factor Authentication, Add User, then the QR code"),
        ("features.activation.ios_qr_from_home_page", "Activation Code typed by hand on Android"),
        ("features.authentication.face_id", "通知を選択してFace IDで認証する"),
        ("features.authentication.face_id", "通知を選択してTouch IDで認証する"),
    }
    assert classname("features/troubleshooting/qr_expired.feature") == "features.troubleshooting.qr_expired"


def test_a_failure_carries_message_type_expected_actual_and_traceback():
    case = cases(read(sample_results()))[("features.authentication.face_id", "通知を選択してFace IDで認証する")]
    [failure] = case.result
    assert isinstance(failure, Failure)
    assert failure.type == "AssertionError"
    assert failure.message == (
        "FACEID-PUSH: notifications on the phone: expected IBKRモバイルからの通知 1件, actual 通知 0件 (5秒待機)"
    )
    assert "Step 4: ならば スマートフォンに通知が送信される (line 13)" in failure.text
    assert "Expected: IBKRモバイルからの通知 1件\nActual:   通知 0件 (5秒待機)" in failure.text
    assert "steps/phone.py:212: in notification_is_sent" in failure.text
    assert "Reproduce with: ibkey-conform run --seed 987654" in failure.text
    assert case.time == pytest.approx(7.31)


def test_skips_say_why():
    found = cases(read(sample_results()))
    [skipped] = found[("features.activation.ios_qr_from_home_page", "Activation Code typed by hand on Android")].result
    assert isinstance(skipped, Skipped) and skipped.message == "deselected by --platform ios"
    [not_applicable] = found[("features.authentication.face_id", "通知を選択してTouch IDで認証する")].result
    assert isinstance(not_applicable, Skipped)
    assert not_applicable.message == "not applicable: the target has no capability 'touch_id'"


def test_expected_failure_is_skipped_and_unexpected_pass_is_a_failure():
    results = with_outcome(sample_results(), FACE_ID, "xfailed", "KNOWN-7: push arrives after 10 s")
    results = with_outcome(results, IOS_QR, "xpassed", "KNOWN-3: QR from Home page")
    found = cases(read(results))
    [xfailed] = found[("features.authentication.face_id", "通知を選択してFace IDで認証する")].result
    assert isinstance(xfailed, Skipped) and xfailed.message == "expected failure: KNOWN-7: push arrives after 10 s"
    assert "AssertionError: スマートフォンに通知が届きませんでした" in xfailed.text
    [xpassed] = found[
        ("features.activation.ios_qr_from_home_page", "More, Two-Factor Authentication, Add User, then the QR code")
    ].result
    assert isinstance(xpassed, Failure) and xpassed.message == "unexpected pass: KNOWN-3: QR from Home page"
    assert xpassed.type == "xpassed"


def test_an_error_is_an_error_and_terminal_codes_do_not_break_the_xml():
    xml = read(with_setup_error(sample_results(), FACE_ID))
    [error] = cases(xml)[("features.authentication.face_id", "通知を選択してFace IDで認証する")].result
    assert isinstance(error, Error) and error.type == "ConnectionRefusedError"
    assert "During setup, outside the steps" in error.text
    assert "conftest.py:33: in live_portal" in error.text and "\x1b" not in error.text
    assert "\\x07" in error.text
    assert (xml.failures, xml.errors) == (0, 1)


def test_run_facts_and_clause_verdicts_are_suite_properties():
    xml = read(sample_results())
    facts = {suite.name: {p.name: p.value for p in suite.properties()} for suite in xml}
    for suite_facts in facts.values():
        assert suite_facts["run_id"] == "20261127-162642-3fa2"
        assert suite_facts["verdict"] == "does_not_conform"
        assert suite_facts["implementation"] == "IB Key reference"
    face_id = facts["Face IDでの使用方法"]
    assert {name: value for name, value in face_id.items() if name.startswith("clause.")} == {
        "clause.FACEID-PUSH": "failed",
        "clause.PUSH-WAIT": "passed",
        "clause.TOUCHID-PUSH": "not_applicable",
    }


def test_a_case_names_its_clauses_with_their_verdicts_test_id_and_seed_in_its_output():
    case = cases(read(sample_results()))[("features.authentication.face_id", "通知を選択してFace IDで認証する")]
    assert case.child(Properties) is None
    assert case.system_out.splitlines()[:4] == [
        "通知を選択してFace IDで認証する  [failed]",
        "clauses: PUSH-WAIT passed, FACEID-PUSH failed  (each clause's verdict over the run)",
        f"test id: {FACE_ID}",
        "seed: 987654",
    ]


def test_the_steps_and_their_evidence_are_the_case_output():
    case = cases(read(sample_results()))[
        ("features.activation.ios_qr_from_home_page", "More, Two-Factor Authentication, Add User, then the QR code")
    ]
    assert "  2. And I am logged in to the Client Portal, which recommends IB Key  [passed]  1.300 s" in case.system_out
    assert "portal: images/a1b2c3d4.png" in case.system_out
    assert "phone:  IBKR Mobile / Activation Successful" in case.system_out


def test_outline_examples_with_one_name_stay_apart():
    results = sample_results()
    twin = dict(results["scenarios"][1], id=IOS_TYPED + "[6-digits]")
    results["scenarios"][1]["id"] = IOS_TYPED + "[4-digits]"
    results["scenarios"].insert(2, twin)
    names = [case.name for suite in read(results) for case in suite]
    assert "Activation Code typed by hand on Android [6-digits]" in names
    assert len(names) == len(set(names)) == 5


def test_well_formed_utf8_with_the_declaration():
    text = render_junit(sample_results())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    root = ET.fromstring(text.encode("utf-8"))
    assert [child.tag for child in root] == ["testsuite", "testsuite"]
    assert TOUCH_ID in text


@cache
def jenkins_xunit_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(JENKINS_XUNIT_SCHEMA)))


def _with_a_harness_error() -> dict:
    return with_setup_error(sample_results(), FACE_ID)


def _with_xfailed_and_xpassed() -> dict:
    return with_outcome(with_outcome(sample_results(), FACE_ID, "xfailed", "KNOWN-7"), IOS_QR, "xpassed", "KNOWN-3")


RUNS = {  # name -> (the run, the result elements its junit.xml holds)
    "passed, failed, skipped, not applicable": (sample_results, {"failure", "skipped"}),
    "a harness error": (_with_a_harness_error, {"error", "skipped"}),
    "an expected failure and an unexpected pass": (_with_xfailed_and_xpassed, {"failure", "skipped"}),
}


@pytest.mark.parametrize(("make_results", "result_elements"), RUNS.values(), ids=RUNS.keys())
def test_valid_against_the_schema_jenkins_xunit_checks(make_results, result_elements):
    document = etree.fromstring(render_junit(make_results()).encode("utf-8"))
    schema = jenkins_xunit_schema()
    assert schema.validate(document), "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log)
    assert {element.tag for element in document.iter("failure", "error", "skipped")} == result_elements


def test_the_schema_refuses_properties_inside_a_testcase():
    """What junit.xml held before: the check above would catch it coming back."""
    document = etree.fromstring(render_junit(sample_results()).encode("utf-8"))
    properties = etree.SubElement(document.find("testsuite/testcase"), "properties")
    etree.SubElement(properties, "property", name="clause", value="IOS-QR-1B")
    schema = jenkins_xunit_schema()
    assert not schema.validate(document)
    assert "properties" in schema.error_log.last_error.message


GITLAB_STATUS = {  # a scenario's outcome -> the status GitLab gives its testcase
    "passed": "success",
    "failed": "failed",
    "xpassed": "failed",
    "harness_error": "error",
    "skipped": "skipped",
    "not_applicable": "skipped",
    "xfailed": "skipped",
}
GITLAB_RESULTS = (("failure", "failed"), ("error", "error"), ("skipped", "skipped"))


def gitlab_cases(xml: bytes) -> list[dict]:
    """What GitLab keeps of each testcase (lib/gitlab/ci/parsers/test/junit.rb): the suite's name, the case's
    classname, name and time, a status from the first of failure, error or skipped it holds, and that element
    as the test's output."""
    found = []
    for suite in ET.fromstring(xml).iter("testsuite"):
        for case in suite.findall("testcase"):
            result, status = next(
                ((case.find(tag), status) for tag, status in GITLAB_RESULTS if case.find(tag) is not None),
                (None, "success"),
            )
            output = None if result is None else f"{result.get('message')}\n{result.text or ''}"
            found.append({
                "suite_name": suite.get("name"),
                "classname": case.get("classname"),
                "name": case.get("name"),
                "execution_time": float(case.get("time")),
                "status": status,
                "output": output,
            })
    return found


@pytest.mark.parametrize("make_results", [make for make, _ in RUNS.values()], ids=RUNS.keys())
def test_gitlab_gives_every_scenario_its_status(make_results):
    results = make_results()
    read_by_gitlab = gitlab_cases(render_junit(results).encode("utf-8"))
    assert sorted((case["classname"], case["status"]) for case in read_by_gitlab) == sorted(
        (classname(scenario["feature"]["file"]), GITLAB_STATUS[scenario["outcome"]])
        for scenario in results["scenarios"]
    )


def test_gitlab_shows_the_failed_clause_with_expected_and_actual():
    read_by_gitlab = gitlab_cases(render_junit(sample_results()).encode("utf-8"))
    [failed] = [case for case in read_by_gitlab if case["status"] == "failed"]
    assert (failed["suite_name"], failed["name"]) == ("Face IDでの使用方法", "通知を選択してFace IDで認証する")
    assert failed["execution_time"] == pytest.approx(7.31)
    assert failed["output"].startswith(
        "FACEID-PUSH: notifications on the phone: expected IBKRモバイルからの通知 1件, actual 通知 0件 (5秒待機)\n"
    )
    assert "PUSH-WAIT" not in failed["output"]
