"""The mutant zoo: every deliberately defective implementation in fixtures/implementations/mutants is caught.

Each mutant breaks one rule of the seed and names its catalogue clause in `BREAKS`. Run through
`ibkey-conform run` on the scenarios of that clause, it must give DOES NOT CONFORM with that clause failed
by a check, and every failed scenario must carry the clause, so the failure is blamed on the rule that was
broken. The reference
passes the same scenarios (features/ runs them in the same test run), so no detection comes from a
scenario that fails anyway.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ibkey_conformance.clauses import load_catalogue
from ibkey_conformance.clauses.coverage import coverage, scenario_clauses
from ibkey_conformance.mutants import MUTANTS_DIR, boundary_mutants, read_mutant, run_options

ROOT = Path(__file__).resolve().parents[4]
FAILED = ("failed",)  # a harness error is never a detection
MINIMUM_MUTANTS = 15
MUTANTS = sorted(path for path in MUTANTS_DIR.glob("*.py") if not path.name.startswith("_"))
BOUNDARIES = boundary_mutants()


def _run(tmp_path: Path, *options: str) -> tuple[subprocess.CompletedProcess, dict | None]:
    report_dir = tmp_path / "reports"
    process = subprocess.run(
        [sys.executable, "-m", "ibkey_conformance.cli", "run", *options, "--report-dir", str(report_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    results = report_dir / "latest" / "results.json"
    return process, json.loads(results.read_text(encoding="utf-8")) if results.is_file() else None


@pytest.fixture(scope="session")
def control(tmp_path_factory) -> dict[str, list[str]]:
    """The reference on the scenarios of every broken clause, in this session: each clause's scenarios, with
    their outcomes, which must all have passed for a detection on that clause to count."""
    broken = sorted({read_mutant(path).breaks for path in MUTANTS} | {mutant.breaks for mutant in BOUNDARIES})
    process, results = _run(tmp_path_factory.mktemp("control"), "--clauses", ",".join(broken))
    assert process.returncode == 0 and results, process.stdout[-3000:] + process.stderr[-2000:]
    outcomes: dict[str, list[str]] = {}
    for scenario in results["scenarios"]:
        for clause in scenario["clauses"]:
            outcomes.setdefault(clause, []).append(scenario["outcome"])
    return outcomes


def test_the_zoo_has_enough_mutants():
    assert len(MUTANTS) >= MINIMUM_MUTANTS, [path.name for path in MUTANTS]


@pytest.mark.parametrize("path", MUTANTS, ids=lambda path: path.stem)
def test_the_mutant_declares_what_it_breaks(path: Path):
    assert read_mutant(path).breaks in load_catalogue().ids


@pytest.mark.parametrize("path", MUTANTS, ids=lambda path: path.stem)
def test_the_scenarios_of_the_broken_clause_detect_the_mutant(path: Path, tmp_path: Path, control):
    _detected(tmp_path, read_mutant(path), control)


def test_every_limit_has_a_generated_mutant_one_unit_inside_and_one_outside():
    limits = [(clause.id, limit.value) for clause in load_catalogue().clauses for limit in clause.limits]
    generated = [(mutant.breaks, mutant.name) for mutant in BOUNDARIES]
    assert len(generated) == 2 * len(limits) and len(set(generated)) == len(generated)
    for clause_id, value in limits:
        names = {name for breaks, name in generated if breaks == clause_id and f"_{value}_one_" in name}
        assert {name.rsplit("_", 1)[1] for name in names} == {"less", "more"}, (clause_id, value, names)


@pytest.mark.parametrize("mutant", BOUNDARIES, ids=lambda mutant: mutant.name)
def test_the_scenarios_of_the_limit_detect_its_boundary_mutant(mutant, tmp_path: Path, control):
    _detected(tmp_path, mutant, control)


def _detected(tmp_path: Path, mutant, control: dict[str, list[str]]) -> None:
    """The reference passed the clause's checks in this session; the mutant gets DOES NOT CONFORM, with a failed
    check on its BREAKS clause and every failed scenario carrying it."""
    breaks = mutant.breaks
    ran = control.get(breaks, [])
    assert ran and set(ran) == {"passed"}, f"the reference's scenarios of {breaks} gave {ran}: no detection counts"
    with run_options(mutant) as options:
        process, results = _run(tmp_path, *options, "--clauses", breaks)
    output = process.stdout[-4000:] + process.stderr[-4000:]
    assert process.returncode == 1, output
    assert "verdict: DOES NOT CONFORM" in process.stdout, output
    assert results is not None, output
    assert mutant.path.name in results["run"]["implementation"]["name"]
    failed = [scenario for scenario in results["scenarios"] if scenario["outcome"] in FAILED]
    assert failed, "the verdict is DOES NOT CONFORM, yet no scenario failed"
    elsewhere = {scenario["name"]: scenario["clauses"] for scenario in failed if breaks not in scenario["clauses"]}
    assert not elsewhere, f"failed without carrying {breaks}: {elsewhere}"
    verdicts = {clause["id"]: clause["verdict"] for clause in results["clauses"]}
    blamed = sorted(clause for clause, verdict in verdicts.items() if verdict == "failed")
    assert verdicts[breaks] == "failed", f"{breaks} is {verdicts[breaks]}; the failed checks blamed {blamed}"


def test_every_broken_clause_has_scenarios_the_reference_passes():
    """The reference passes every scenario in the same test run (features/), so it is enough that each
    BREAKS clause has scenarios at all: no detection can come from a scenario that fails anyway."""
    covered = coverage(load_catalogue(), scenario_clauses(ROOT / "features"))
    uncovered = [path.name for path in MUTANTS if not covered.get(read_mutant(path).breaks)]
    assert uncovered == []
