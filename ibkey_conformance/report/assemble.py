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

FEATURES_DIR = Path(__file__).resolve().parents[2] / "features"
OUTCOMES = ("passed", "failed", "error", "skipped", "xfailed", "xpassed", "not_applicable")
CONFORMING_OUTCOMES = {"passed", "not_applicable"}


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
    return {
        "schema": "ibkey-conformance/results/v1",
        "run": {
            "id": run_id,
            "started_at": run.started_at.isoformat(),
            "finished_at": finished_at.isoformat(),
            "duration_s": round((finished_at - run.started_at).total_seconds(), 3),
            "harness_version": metadata.version("ibkey-conformance"),
            "command": run.command,
            "selection": {key: run.selection.get(key) for key in ("tags", "platform", "lang", "clauses")},
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
            "clauses": len(clauses),
            "clauses_tested": sum(clause["verdict"] != "not_tested" for clause in clauses),
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


def run_verdict(scenarios: list[dict], broken: bool) -> str:
    """Conforms only when something ran, the run finished, and every scenario passed or did not apply."""
    if broken or all(scenario["outcome"] in ("skipped", "not_applicable") for scenario in scenarios):
        return "did_not_run"
    return "conforms" if all(s["outcome"] in CONFORMING_OUTCOMES for s in scenarios) else "does_not_conform"


def clause_verdicts(catalogue: Catalogue, static_coverage: dict, scenarios: list[dict]) -> list[dict]:
    """Each clause with the scenarios of this run that check it and what they say together."""
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
            "text": clause.text,
            "sources": list(clause.sources),
            "note": clause.note,
            "untested": clause.untested,
            "scenarios": [scenario["id"] for scenario in ran.get(clause.id, [])],
            "verdict": _clause_verdict(ran.get(clause.id, []), bool(static_coverage.get(clause.id))),
        }
        for clause in catalogue.clauses
    ]


def _clause_verdict(scenarios: list[dict], covered_somewhere: bool) -> str:
    outcomes = {scenario["outcome"] for scenario in scenarios}
    if not scenarios:
        return "not_run" if covered_somewhere else "not_tested"
    if outcomes - CONFORMING_OUTCOMES:
        return "failed" if outcomes & {"failed", "error", "xfailed", "xpassed"} else "not_run"
    return "passed" if "passed" in outcomes else "not_applicable"
