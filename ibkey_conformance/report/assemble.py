"""From the scenario records of a run to `results.json`: totals, verdicts, the catalogue with each clause's verdict."""

from __future__ import annotations

import json
import os
import platform
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from ibkey_conformance.adapters.target import REFERENCE
from ibkey_conformance.browser import LOCAL_BROWSER
from ibkey_conformance.clauses import Catalogue, load_catalogue
from ibkey_conformance.clauses.coverage import coverage, scenario_clauses
from ibkey_conformance.report.render import render_reports
from ibkey_conformance.report.run_id import RUN_ID, new_run_id
from ibkey_conformance.suite import FEATURES_DIR

SELECTION_KEYS = ("tags", "platform", "lang", "clauses", "k", "rerun_failed", "pytest_args")

OUTCOMES = ("passed", "failed", "harness_error", "skipped", "xfailed", "xpassed", "not_applicable")
FAILING_OUTCOMES = {"failed", "xfailed", "xpassed"}


@dataclass
class RunInfo:
    started_at: datetime
    command: str
    selection: dict
    workers: int
    broken: bool = False
    implementation: dict = field(default_factory=REFERENCE.implementation)
    browser: str = LOCAL_BROWSER
    problems: list[dict] = field(default_factory=list)  # what kept part of the suite from running


def write_run(report_dir: Path, records: list[dict], run: RunInfo) -> list[Path]:
    """Write results.json into `report_dir` and render the other reports beside it; return every path written."""
    report_dir.mkdir(parents=True, exist_ok=True)
    run_id = report_dir.name if RUN_ID.fullmatch(report_dir.name) else new_run_id(run.started_at)
    results = build_results(records, run, run_id)
    results_path = report_dir / "results.json"
    results_path.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return [results_path, *render_reports(results_path)]


def build_results(
    records: list[dict],
    run: RunInfo,
    run_id: str,
    catalogue: Catalogue | None = None,
    features_dir: Path = FEATURES_DIR,
) -> dict:
    catalogue = catalogue or load_catalogue()
    phone_screens: dict[str, str] = {}
    scenarios = []
    for record in sorted(records, key=lambda record: record["id"]):
        phone_screens.update(record.pop("phone_screens", {}))
        scenarios.append(record)
    finished_at = datetime.now(UTC)
    counts = Counter(scenario["outcome"] for scenario in scenarios)
    clauses = clause_verdicts(catalogue, coverage(catalogue, scenario_clauses(features_dir)), scenarios)
    results = {
        "schema": "ibkey-conformance/results/v2",
        "run": {
            "id": run_id,
            "started_at": run.started_at.isoformat(),
            "finished_at": finished_at.isoformat(),
            "duration_s": round((finished_at - run.started_at).total_seconds(), 3),
            "harness_version": metadata.version("ibkey-conformance"),
            "command": run.command,
            "selection": {key: run.selection.get(key) for key in SELECTION_KEYS},
            "workers": run.workers,
            "browser": run.browser,
            "implementation": run.implementation,
            "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        },
        "verdict": run_verdict(scenarios, run.broken or bool(run.problems)),
        "problems": run.problems,
        "totals": {
            "scenarios": len(scenarios),
            **{outcome: counts.get(outcome, 0) for outcome in OUTCOMES},
            **clause_totals(clauses),
        },
        "scenarios": scenarios,
        "clauses": clauses,
        "sections": [
            {"id": section.id, "title": section.title, "lang": section.lang, "lines": list(section.lines)}
            for section in catalogue.sections
        ],
        "findings": [
            {"id": finding.id, "kind": finding.kind, "lines": list(finding.lines), "text": finding.text}
            for finding in catalogue.findings
        ],
        "phone_screens": phone_screens,
    }
    results["verdict_detail"] = verdict_detail(results, run, catalogue)
    return results


def clause_totals(clauses: list[dict]) -> dict:
    """The coverage headline counts only implementation clauses whose checks passed against the target."""
    implementation = [clause for clause in clauses if clause["checked_on"] == "implementation"]
    harness_model = [clause for clause in clauses if clause["checked_on"] == "harness model"]
    return {
        "clauses": len(clauses),
        "clauses_implementation": len(implementation),
        "clauses_passed": sum(clause["verdict"] == "passed" for clause in implementation),
        "clauses_failed": sum(clause["verdict"] == "failed" for clause in clauses),
        "clauses_harness_model": len(harness_model),
        "clauses_harness_model_walked": sum(clause["verdict"] == "passed" for clause in harness_model),
    }


def run_verdict(scenarios: list[dict], broken: bool) -> str:
    """Conforms only when the target's own code ran and every applicable check held; never by default."""
    if broken or any(scenario["outcome"] == "harness_error" for scenario in scenarios):
        return "did_not_run"
    if any(scenario["outcome"] in FAILING_OUTCOMES for scenario in scenarios):
        return "does_not_conform"
    if not any(scenario["exercised"] and scenario["outcome"] == "passed" for scenario in scenarios):
        return "nothing_tested"
    return "conforms"


def verdict_detail(results: dict, run: RunInfo, catalogue: Catalogue) -> dict:
    """What the verdict covers: the full suite, the target's profile, or a selection; and why a run did not run."""
    clauses = results["clauses"]
    selected = sum(clause["verdict"] not in ("not_run", "not_tested") for clause in clauses)
    not_applicable = sum(clause["verdict"] == "not_applicable" for clause in clauses)
    selection = {key: value for key, value in run.selection.items() if value}
    scope = "selection" if selection else "profile" if not_applicable else "full"
    return {
        "scope": scope,
        "selection": selection,
        "clauses_selected": selected,
        "clauses_total": len(catalogue.clauses),
        "clauses_not_applicable": not_applicable,
        "profile": results["run"]["implementation"]["capabilities"],
        "cause": _cause(results, run),
    }


def _cause(results: dict, run: RunInfo) -> str | None:
    """One line: why the run did not run, or why nothing of the target was tested."""
    verdict = results["verdict"]
    if verdict == "did_not_run":
        if run.problems:
            return run.problems[0]["message"].strip().splitlines()[0]
        fault = next((s for s in results["scenarios"] if s["outcome"] == "harness_error"), None)
        if fault:
            return f"{fault['name']}: {fault['error']['message'].splitlines()[0]}"
        return "the run broke off before it finished" if run.broken else "no scenario ran"
    if verdict == "nothing_tested":
        name = results["run"]["implementation"]["name"]
        return f"no scenario that ran called {name}'s own code"
    return None


def clause_verdicts(catalogue: Catalogue, static_coverage: dict, scenarios: list[dict]) -> list[dict]:
    """Each clause with the scenarios of this run that name it, its checks, and the verdict they give."""
    ran: dict[str, list[dict]] = {}
    for scenario in scenarios:
        for clause_id in scenario["clauses"]:
            ran.setdefault(clause_id, []).append(scenario)
    return [
        {
            "id": clause.id,
            "section": clause.section,
            "kind": clause.kind,
            "status": clause.status,
            "checked_on": clause.checked_on,
            "text": clause.text,
            "sources": list(clause.sources),
            "note": clause.note,
            "untested": clause.untested,
            "scenarios": [scenario["id"] for scenario in ran.get(clause.id, [])],
            "checks": sum(clause.id in check["clauses"] for s in ran.get(clause.id, []) for check in s["checks"]),
            "verdict": clause_verdict(clause.id, ran.get(clause.id, []), bool(static_coverage.get(clause.id))),
        }
        for clause in catalogue.clauses
    ]


def clause_verdict(clause_id: str, scenarios: list[dict], covered_somewhere: bool) -> str:
    """From the checks on the clause: failed, passed (against the target), not reached, not applicable, not tested.

    A clause a scenario names but no comparison of it checks (a step of the flow, walked) passes when that
    scenario passed against the target, and is not reached when it stopped first: it is never blamed.
    """
    if not scenarios:
        return "not_run" if covered_somewhere else "not_tested"
    checks = [check for scenario in scenarios for check in scenario["checks"] if clause_id in check["clauses"]]
    if any(check["outcome"] == "failed" for check in checks):
        return "failed"
    applicable = [scenario for scenario in scenarios if scenario["outcome"] not in ("not_applicable", "skipped")]
    if not applicable:
        return "not_applicable"
    held = [
        scenario for scenario in applicable
        if scenario["exercised"] and (
            scenario["outcome"] == "passed"
            or any(clause_id in check["clauses"] for check in scenario["checks"] if check["outcome"] == "passed")
        )
    ]
    if held:
        return "passed"
    if all(scenario["outcome"] == "passed" for scenario in applicable):
        return "not_tested"  # walked, but no scenario reached the target's own code
    return "not_reached"
