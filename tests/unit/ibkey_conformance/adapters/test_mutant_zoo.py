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
import importlib.util
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
BOUNDARIES_PATH = MUTANTS_DIR / "_boundaries.py"


def _boundaries():
    spec = importlib.util.spec_from_file_location("zoo_boundaries", BOUNDARIES_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MUTANTS


BOUNDARIES = _boundaries()


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
    _detected(tmp_path, path, factories[0], breaks)


def test_every_limit_has_a_generated_mutant_one_unit_inside_and_one_outside():
    limits = [(clause.id, limit.value) for clause in load_catalogue().clauses for limit in clause.limits]
    generated = [(mutant.breaks, mutant.name) for mutant in BOUNDARIES]
    assert len(generated) == 2 * len(limits) and len(set(generated)) == len(generated)
    for clause_id, value in limits:
        names = {name for breaks, name in generated if breaks == clause_id and f"_{value}_one_" in name}
        assert {name.rsplit("_", 1)[1] for name in names} == {"less", "more"}, (clause_id, value, names)


@pytest.mark.parametrize("mutant", BOUNDARIES, ids=lambda mutant: mutant.name)
def test_the_scenarios_of_the_limit_detect_its_boundary_mutant(mutant, tmp_path: Path):
    _detected(tmp_path, BOUNDARIES_PATH, mutant.factory, mutant.breaks)


def _detected(tmp_path: Path, path: Path, factory: str, breaks: str) -> None:
    """DOES NOT CONFORM, with a failed check on `breaks` and every failed scenario carrying it."""
    option = FACTORIES["create_server" if factory.startswith("create_server") else "create_authenticator"]
    process, results = _run(tmp_path, option, f"{path.relative_to(ROOT)}:{factory}", "--clauses", breaks)
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
