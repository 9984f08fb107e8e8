"""junit.xml as a standard consumer (junitparser) reads it: suites per feature, counts, names, messages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from junitparser import Error, Failure, JUnitXml, Properties, Skipped

from ibkey_conformance.report.junit import classname, render_junit

from .sample_results import FACE_ID, IOS_QR, IOS_TYPED, TOUCH_ID, sample_results, with_outcome, with_setup_error


def read(results: dict) -> JUnitXml:
    return JUnitXml.fromstring(render_junit(results))


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
    assert "Reproduce with --ibkey-seed 987654" in failure.text
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


def test_run_facts_are_suite_properties_and_clauses_are_case_properties():
    xml = read(sample_results())
    for suite in xml:
        facts = {p.name: p.value for p in suite.properties()}
        assert facts["run_id"] == "20261127-162642-3fa2"
        assert facts["verdict"] == "does_not_conform"
        assert facts["implementation"] == "IB Key reference"
    case = cases(xml)[("features.authentication.face_id", "通知を選択してFace IDで認証する")]
    properties = [(p.name, p.value) for p in case.child(Properties)]
    assert ("clause", "FACEID-PUSH") in properties and ("seed", "987654") in properties
    assert ("test_id", FACE_ID) in properties


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
