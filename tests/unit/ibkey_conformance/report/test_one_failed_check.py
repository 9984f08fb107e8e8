"""One failed check among several clauses of a scenario: only its clause fails, in all four outputs."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from ibkey_conformance.report.assemble import clause_verdict
from ibkey_conformance.report.render import render_reports

from .sample_results import sample_results, write_sample_run

HELD, BROKEN = "PUSH-WAIT", "FACEID-PUSH"  # both named by the Face ID scenario; only BROKEN's check failed
FACE_ID_NAME = "通知を選択してFace IDで認証する"


class _ClauseRows(HTMLParser):
    """The traceability matrix's rows: clause id -> the verdict the row shows."""

    def __init__(self) -> None:
        super().__init__()
        self.verdicts: dict[str, str] = {}

    def handle_starttag(self, tag, attrs) -> None:
        found = dict(attrs)
        if tag == "tr" and (found.get("id") or "").startswith("clause-"):
            self.verdicts[found["id"].removeprefix("clause-")] = found["data-verdict"]


def _results_with_verdicts_from_the_checks() -> dict:
    results = sample_results()
    for clause in results["clauses"]:
        naming = [scenario for scenario in results["scenarios"] if clause["id"] in scenario["clauses"]]
        clause["verdict"] = clause_verdict(clause["id"], naming, covered_somewhere=True)
    return results


def test_the_clause_verdicts_come_from_the_checks():
    verdicts = {clause["id"]: clause["verdict"] for clause in _results_with_verdicts_from_the_checks()["clauses"]}
    assert (verdicts[HELD], verdicts[BROKEN]) == ("passed", "failed")


def test_only_the_clause_of_the_failed_check_fails_in_every_output(tmp_path):
    results_path = write_sample_run(tmp_path / "run", _results_with_verdicts_from_the_checks())
    html, junit, cucumber = render_reports(results_path)

    from_json = {clause["id"]: clause["verdict"] for clause in json.loads(results_path.read_text("utf-8"))["clauses"]}
    assert [clause for clause, verdict in from_json.items() if verdict == "failed"] == [BROKEN]

    rows = _ClauseRows()
    rows.feed(html.read_text(encoding="utf-8"))
    assert (rows.verdicts[HELD], rows.verdicts[BROKEN]) == ("passed", "failed")
    assert [clause for clause, verdict in rows.verdicts.items() if verdict == "failed"] == [BROKEN]

    tree = ET.parse(junit)
    suite_properties = {
        prop.get("name"): prop.get("value") for prop in tree.iter("property") if prop.get("name").startswith("clause.")
    }
    assert (suite_properties[f"clause.{HELD}"], suite_properties[f"clause.{BROKEN}"]) == ("passed", "failed")
    [failure] = list(tree.iter("failure"))
    assert failure.get("message").startswith(f"{BROKEN}: notifications on the phone: expected ")
    assert HELD not in failure.get("message")

    face_id = next(element for feature in json.loads(cucumber.read_text("utf-8")) for element in feature["elements"]
                   if element["name"] == FACE_ID_NAME)
    messages = [step["result"].get("error_message", "") for step in face_id["steps"]]
    failing = [message for message in messages if message]
    assert failing and failing[0].startswith(f"failed clause {BROKEN}: notifications on the phone")
    assert all(HELD not in message for message in failing)
