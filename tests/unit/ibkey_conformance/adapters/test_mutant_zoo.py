"""The mutant zoo: every deliberately defective implementation in fixtures/implementations/mutants is caught.

Each mutant breaks one rule of the seed and names its catalogue clause in `BREAKS`. Run through
`ibkey-conform run` on the scenarios of that clause, it must give DOES NOT CONFORM with that clause failed
by a check, and every failed scenario must carry the clause, so the failure is blamed on the rule that was
broken. The reference
passes the same scenarios (features/ runs them in the same test run), so no detection comes from a
scenario that fails anyway.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ibkey_conformance.clauses import load_catalogue
from ibkey_conformance.clauses.coverage import coverage, scenario_clauses

ROOT = Path(__file__).resolve().parents[4]
MUTANTS_DIR = ROOT / "fixtures" / "implementations" / "mutants"
FACTORIES = {"create_server": "--server", "create_authenticator": "--authenticator"}
FAILED = ("failed",)  # a harness error is never a detection
MINIMUM_MUTANTS = 15


def _mutant_paths() -> list[Path]:
    return sorted(path for path in MUTANTS_DIR.glob("*.py") if not path.name.startswith("_"))


def _read(path: Path) -> tuple[str | None, str | None, list[str]]:
    """Docstring, BREAKS and the factories a mutant defines, from its source (importing is the harness's job)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    breaks = None
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(target, ast.Name) and target.id == "BREAKS" for target in node.targets)
            and isinstance(node.value, ast.Constant)
        ):
            breaks = node.value.value
    factories = [node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name in FACTORIES]
    return ast.get_docstring(tree), breaks, factories


MUTANTS = _mutant_paths()


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


def test_the_zoo_has_enough_mutants():
    assert len(MUTANTS) >= MINIMUM_MUTANTS, [path.name for path in MUTANTS]


@pytest.mark.parametrize("path", MUTANTS, ids=lambda path: path.stem)
def test_the_mutant_declares_what_it_breaks(path: Path):
    docstring, breaks, factories = _read(path)
    assert docstring, f"{path.name}: start with a docstring saying what is broken and which seed rule"
    assert isinstance(breaks, str), f'{path.name}: set BREAKS = "<CLAUSE-ID>"'
    assert breaks in load_catalogue().ids, f"{path.name}: {breaks} is no clause"
    assert len(factories) == 1, f"{path.name}: define exactly one of {', '.join(FACTORIES)}, not {factories}"


@pytest.mark.parametrize("path", MUTANTS, ids=lambda path: path.stem)
def test_the_scenarios_of_the_broken_clause_detect_the_mutant(path: Path, tmp_path: Path):
    _, breaks, factories = _read(path)
    spec = f"{path.relative_to(ROOT)}:{factories[0]}"
    process, results = _run(tmp_path, FACTORIES[factories[0]], spec, "--clauses", breaks)
    output = process.stdout[-4000:] + process.stderr[-4000:]
    assert process.returncode == 1, output
    assert "verdict: DOES NOT CONFORM" in process.stdout, output
    assert results is not None, output
    assert path.name in results["run"]["implementation"]["name"]
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
    assert all(covered.get(_read(path)[1]) for path in MUTANTS), [
        path.name for path in MUTANTS if not covered.get(_read(path)[1])
    ]
