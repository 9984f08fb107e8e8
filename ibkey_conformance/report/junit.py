"""junit.xml: one <testsuite> per feature file and one <testcase> per scenario, for CI test-result views.

The layout follows the JUnit XML that Jenkins, GitLab and junitparser read (Ant/Surefire style) and is
valid against the schema Jenkins' xunit plugin checks it with (fixtures/schemas/junit-10.xsd): failures
for failed scenarios and unexpected passes, errors for scenarios that errored, skipped for skipped,
not-applicable and expected-failure scenarios. That schema has no <properties> in a <testcase>, so run facts
and the verdict of every clause a suite's scenarios check go in the suite's <properties>, and a scenario's
clauses with their verdicts, its outcome, test id and seed head the testcase's <system-out>.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

FAILURES = ("failed", "xpassed")
ERRORS = ("harness_error",)
SKIPS = ("skipped", "not_applicable", "xfailed")

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_junit(results: dict) -> str:
    run = results["run"]
    root = ET.Element("testsuites", name=f"ibkey-conformance: {run['implementation']['name']}")
    suites: dict[str, list[dict]] = {}
    for scenario in results["scenarios"]:
        suites.setdefault(scenario["feature"]["file"], []).append(scenario)
    for file, scenarios in suites.items():
        root.append(_suite(results, file, scenarios))
    _set_counts(root, results["scenarios"])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def classname(feature_file: str) -> str:
    """features/activation/ios_qr_from_home_page.feature -> features.activation.ios_qr_from_home_page"""
    path = feature_file.removeprefix("features/").removesuffix(".feature")
    return "features." + path.replace("/", ".")


def _suite(results: dict, file: str, scenarios: list[dict]) -> ET.Element:
    run = results["run"]
    feature = scenarios[0]["feature"]
    suite = ET.Element(
        "testsuite",
        name=_clean(feature["name"]) or classname(file),
        timestamp=run["started_at"],
        file=f"features/{file.removeprefix('features/')}",
    )
    _set_counts(suite, scenarios)
    properties = ET.SubElement(suite, "properties")
    selection = ", ".join(f"{key}={value}" for key, value in run["selection"].items() if value) or "all"
    for name, value in (
        ("run_id", run["id"]),
        ("verdict", results["verdict"]),
        ("implementation", run["implementation"]["name"]),
        ("adapter", run["implementation"]["adapter"]),
        ("capabilities", ", ".join(run["implementation"]["capabilities"])),
        ("harness_version", run["harness_version"]),
        ("selection", selection),
        ("feature_language", feature["language"]),
    ):
        ET.SubElement(properties, "property", name=name, value=_clean(value))
    verdicts = {clause["id"]: clause["verdict"] for clause in results["clauses"]}
    for clause_id in sorted({clause for scenario in scenarios for clause in scenario["clauses"]}):
        ET.SubElement(properties, "property", name=f"clause.{clause_id}", value=verdicts.get(clause_id, "not_tested"))
    names: set[str] = set()
    for scenario in scenarios:
        suite.append(_testcase(scenario, _unique_name(scenario, names), verdicts))
    return suite


def _set_counts(element: ET.Element, scenarios: list[dict]) -> None:
    element.set("tests", str(len(scenarios)))
    element.set("failures", str(sum(1 for s in scenarios if s["outcome"] in FAILURES)))
    element.set("errors", str(sum(1 for s in scenarios if s["outcome"] in ERRORS)))
    if element.tag == "testsuite":
        element.set("skipped", str(sum(1 for s in scenarios if s["outcome"] in SKIPS)))
    element.set("time", _seconds(sum(s["duration_s"] for s in scenarios)))


def _unique_name(scenario: dict, taken: set[str]) -> str:
    """Scenario outline examples share a name: tell them apart by the pytest parameters, else the line."""
    name = _clean(scenario["name"])
    if name in taken:
        params = re.search(r"(\[[^\]]*\])$", scenario["id"])
        name = f"{name} {params.group(1)}" if params else f"{name} (line {scenario['line']})"
    base, n = name, 2
    while name in taken:
        name, n = f"{base} #{n}", n + 1
    taken.add(name)
    return name


def _testcase(scenario: dict, name: str, verdicts: dict[str, str]) -> ET.Element:
    case = ET.Element(
        "testcase", classname=classname(scenario["feature"]["file"]), name=name, time=_seconds(scenario["duration_s"])
    )
    outcome = scenario["outcome"]
    error = scenario.get("error")
    reason = scenario.get("reason") or ""
    if outcome in ("failed", "harness_error"):
        tag = "failure" if outcome == "failed" else "error"
        element = ET.SubElement(
            case,
            tag,
            message=_clean(_headline(scenario)),
            type=_clean(error["type"]) if error else outcome,
        )
        element.text = _clean(_details(scenario))
    elif outcome == "xpassed":
        element = ET.SubElement(
            case, "failure", message=_clean(f"unexpected pass: {reason}".strip(": ")), type="xpassed"
        )
        element.text = "The scenario passed, but the target's expected-failure list says it fails."
    elif outcome == "xfailed":
        element = ET.SubElement(case, "skipped", message=_clean(f"expected failure: {reason}".strip(": ")))
        if error:
            element.text = _clean(_details(scenario))
    elif outcome == "not_applicable":
        ET.SubElement(case, "skipped", message=_clean(f"not applicable: {reason}".strip(": ")))
    elif outcome == "skipped":
        ET.SubElement(case, "skipped", message=_clean(reason or "skipped"))
    out = ET.SubElement(case, "system-out")
    out.text = _clean(_transcript(scenario, verdicts))
    return case


def _headline(scenario: dict) -> str:
    """The failed check, naming its clauses, or the error when no check failed (a harness error)."""
    failed = next((check for check in scenario["checks"] if check["outcome"] == "failed"), None)
    if failed and scenario["outcome"] != "harness_error":
        clauses = ", ".join(failed["clauses"])
        return f"{clauses}: {failed['what']}: expected {failed['expected']}, actual {failed['actual']}"
    error = scenario.get("error")
    return error["message"] if error else scenario["outcome"]


def _details(scenario: dict) -> str:
    """What a CI page shows under the failure: the step, the message, expected vs actual, the traceback."""
    error = scenario.get("error")
    if not error:
        return f"The scenario {scenario['outcome']}; the results file has no details."
    parts = []
    step_index = error.get("step")
    step = next((s for s in scenario["steps"] if s["index"] == step_index), None) if step_index is not None else None
    if step:
        parts.append(f"Step {step['index'] + 1}: {step['keyword']} {step['text']} (line {step['line']})")
    elif error.get("phase") in ("setup", "teardown"):
        parts.append(f"During {error['phase']}, outside the steps")
    parts.append(f"{error['type']}: {error['message']}")
    if error.get("expected") is not None or error.get("actual") is not None:
        parts.append(f"Expected: {error.get('expected')}\nActual:   {error.get('actual')}")
    if error.get("traceback"):
        parts.append(error["traceback"])
    if scenario.get("seed") is not None:
        parts.append(f"Reproduce with: ibkey-conform run --seed {scenario['seed']} (and the run's other options)")
    return "\n\n".join(parts)


def _transcript(scenario: dict, verdicts: dict[str, str]) -> str:
    """The scenario as it ran, for CI pages that show a test's output: first what a testcase has no attribute
    for (its clauses with their verdicts, its test id and seed), then the steps with the evidence each left."""
    clauses = ", ".join(f"{clause} {verdicts.get(clause, 'not_tested')}" for clause in scenario["clauses"])
    lines = [
        f"{scenario['name']}  [{scenario['outcome']}]",
        f"clauses: {clauses or 'none'}  (each clause's verdict over the run)",
        f"test id: {scenario['id']}",
    ]
    if scenario.get("seed") is not None:
        lines.append(f"seed: {scenario['seed']}")
    for step in scenario["steps"]:
        duration = f"  {step['duration_s']:.3f} s" if step["outcome"] != "not_run" else ""
        lines.append(f"{step['index'] + 1:>3}. {step['keyword']} {step['text']}  [{step['outcome']}]{duration}")
        evidence = step["evidence"]
        if "portal" in evidence:
            lines.append(f"       portal: {evidence['portal']['image']}  {evidence['portal']['url']}")
        if "phone" in evidence:
            lines.append(f"       phone:  {evidence['phone']['app']} / {evidence['phone']['screen']}")
    for check in scenario["checks"]:
        mark = "ok  " if check["outcome"] == "passed" else "FAIL"
        step = f"step {check['step'] + 1}" if check["step"] is not None else "scenario"
        clauses = ", ".join(check["clauses"])
        lines.append(
            f"  {mark} {step} [{clauses}] {check['what']}: expected {check['expected']}, actual {check['actual']}"
        )
    return "\n".join(lines)


def _seconds(value: float) -> str:
    return f"{value:.3f}"


def _clean(text: str) -> str:
    """Text XML 1.0 can hold: no terminal colour codes, other control characters written as \\xNN."""
    text = _ANSI.sub("", text)
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
