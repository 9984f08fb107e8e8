#!/usr/bin/env python3
"""Run every mutant of fixtures/implementations/mutants through `ibkey-conform run` and write docs/mutant_zoo.md.

Each mutant breaks one rule of the seed and names its catalogue clause in `BREAKS`. By default a mutant
runs only the scenarios of that clause (`--clauses BREAKS`); `--full` runs the whole suite against it,
which shows every clause the defect is visible through. The table says whether the harness detected
the mutant (verdict DOES NOT CONFORM with at least one failed scenario) and which scenarios failed.

    .venv/bin/python scripts/mutant_zoo.py            # every mutant, its own clause, 2 at a time
    .venv/bin/python scripts/mutant_zoo.py --full -j 1
    .venv/bin/python scripts/mutant_zoo.py lockout_at_eleven --output -

Exit code 0 when every mutant was detected, 1 otherwise.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTANTS = ROOT / "fixtures" / "implementations" / "mutants"
OUTPUT = ROOT / "docs" / "mutant_zoo.md"
FACTORIES = {"create_server": "--server", "create_authenticator": "--authenticator"}
FAILED = ("failed",)  # a harness error is the harness's own failure: never a detection


@dataclass(frozen=True)
class Mutant:
    name: str
    path: Path
    summary: str
    breaks: str
    factory: str

    @property
    def kind(self) -> str:
        return "server" if self.factory.startswith("create_server") else "authenticator"

    @property
    def option(self) -> str:
        return FACTORIES[f"create_{self.kind}"]


@dataclass
class Outcome:
    mutant: Mutant
    exit_code: int
    verdict: str | None
    failed: list[dict] = field(default_factory=list)
    clause_verdicts: dict[str, str] = field(default_factory=dict)
    scenarios: int = 0
    duration_s: float = 0.0
    output: str = ""

    @property
    def detected(self) -> bool:
        return (
            self.exit_code == 1 and self.verdict == "does_not_conform"
            and self.clause_verdicts.get(self.mutant.breaks) == "failed"
        )

    @property
    def failing_clauses(self) -> list[str]:
        """The clauses a failed check blamed (not every clause of the failed scenarios)."""
        return sorted(clause for clause, verdict in self.clause_verdicts.items() if verdict == "failed")


def read_mutant(path: Path) -> Mutant:
    """Docstring, BREAKS and factory read from the source, without importing it."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstring = ast.get_docstring(tree)
    if not docstring:
        raise ValueError(f"{path}: a mutant starts with a docstring saying what it breaks")
    breaks = next(
        (
            node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and any(isinstance(target, ast.Name) and target.id == "BREAKS" for target in node.targets)
            and isinstance(node.value, ast.Constant)
        ),
        None,
    )
    if not isinstance(breaks, str):
        raise ValueError(f'{path}: a mutant sets BREAKS = "<CLAUSE-ID>"')
    factories = [node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name in FACTORIES]
    if len(factories) != 1:
        raise ValueError(f"{path}: a mutant defines exactly one of {', '.join(FACTORIES)}")
    return Mutant(path.stem, path, docstring.splitlines()[0].strip(), breaks, factories[0])


def discover(directory: Path = MUTANTS) -> list[Mutant]:
    """The hand-written mutants, then those generated from the catalogue's limits (`_boundaries.py`)."""
    written = [read_mutant(path) for path in sorted(directory.glob("*.py")) if not path.name.startswith("_")]
    return written + boundary_mutants(directory / "_boundaries.py")


def boundary_mutants(path: Path) -> list[Mutant]:
    if not path.is_file():
        return []
    spec = importlib.util.spec_from_file_location("zoo_boundaries", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [Mutant(found.name, path, found.summary, found.breaks, found.factory) for found in module.MUTANTS]


def run_mutant(mutant: Mutant, full: bool = False, workers: int = 0) -> Outcome:
    with tempfile.TemporaryDirectory(prefix=f"zoo-{mutant.name}-") as report_dir:
        command = [
            sys.executable, "-m", "ibkey_conformance.cli", "run",
            mutant.option, f"{mutant.path.relative_to(ROOT)}:{mutant.factory}",
            "--report-dir", report_dir,
        ]
        if not full:
            command += ["--clauses", mutant.breaks]
        if workers:
            command += ["-n", str(workers)]
        started = time.monotonic()
        process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        outcome = Outcome(mutant, process.returncode, None, duration_s=time.monotonic() - started,
                          output=process.stdout + process.stderr)
        results = Path(report_dir) / "latest" / "results.json"
        if results.is_file():
            report = json.loads(results.read_text(encoding="utf-8"))
            outcome.verdict = report["verdict"]
            outcome.scenarios = len(report["scenarios"])
            outcome.failed = [s for s in report["scenarios"] if s["outcome"] in FAILED]
            outcome.clause_verdicts = {clause["id"]: clause["verdict"] for clause in report["clauses"]}
    return outcome


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _describe_failure(scenario: dict) -> str:
    """The scenario, where it is, and the step that failed with the first line of its error."""
    where = f"{scenario['name']} ({scenario['feature']['file']}:{scenario['line']})"
    error = scenario.get("error") or {}
    steps = scenario.get("steps", [])
    step = error.get("step")
    if step is not None and 0 <= step < len(steps):
        where += f" — at «{steps[step]['text']}»"
    message = (error.get("message") or "").strip().splitlines()
    if message:
        first = message[0] if len(message[0]) <= 100 else message[0][:99] + "…"
        first = first.replace("`", "'")
        where += f": `{first}`"
    return where


def render(outcomes: list[Outcome], full: bool) -> str:
    mode = "the whole suite" if full else "only the scenarios of the clause it breaks (`--clauses BREAKS`)"
    detected = sum(outcome.detected for outcome in outcomes)
    lines = [
        "# Mutant zoo",
        "",
        "<!-- Generated by scripts/mutant_zoo.py; edit the mutants or the script, then run it again. -->",
        "",
        "Deliberately defective implementations in `fixtures/implementations/mutants/`, each breaking exactly one",
        "rule of the seed (its `BREAKS` clause), run through `ibkey-conform run` to show that the scenarios catch",
        "the defect and blame the right clause. Besides the hand-written ones, `_boundaries.py` generates two per",
        "limit of the catalogue: the limit moved one unit inside and one unit outside (a count or a length ±1, a",
        "lifetime ±1 second). A server mutant runs behind the reference Client Portal",
        "(`--server FILE:create_server`); an authenticator mutant stands in for IB Key on the simulated phone",
        "(`--authenticator FILE:create_authenticator`). `tests/unit/ibkey_conformance/adapters/test_mutant_zoo.py`",
        "checks the same thing on every test run.",
        "",
        f"Each mutant ran {mode}. **{detected} of {len(outcomes)} detected.**",
        "",
        "| Mutant | Kind | What it breaks | BREAKS | Detected | Failing clauses | Failing scenarios |",
        "|---|---|---|---|---|---|---|",
    ]
    for outcome in outcomes:
        mutant = outcome.mutant
        if outcome.detected:
            status = f"yes ({len(outcome.failed)} of {outcome.scenarios} failed)"
        elif outcome.verdict is None:
            status = f"**did not run** (exit code {outcome.exit_code})"
        else:
            status = f"**no** ({outcome.verdict}, exit code {outcome.exit_code})"
        clauses = ", ".join(
            f"**{clause}**" if clause == mutant.breaks else clause for clause in outcome.failing_clauses
        )
        scenarios = "<br>".join(_describe_failure(scenario) for scenario in outcome.failed)
        lines.append(
            f"| [`{mutant.name}`](../fixtures/implementations/mutants/{mutant.path.name}) | {mutant.kind} "
            f"| {_cell(mutant.summary)} | {mutant.breaks} | {status} | {_cell(clauses) or '—'} "
            f"| {_cell(scenarios) or '—'} |"
        )
    lines += [
        "",
        "Failing clauses are those a failed check blamed; the one the mutant breaks is in bold. A mutant counts",
        "as detected only when the clause it breaks is among them.",
        "",
        "Reproduce a row:",
        "",
        "```sh",
        ".venv/bin/ibkey-conform run --server fixtures/implementations/mutants/lockout_at_eleven.py:create_server \\",
        "    --clauses LP1-LOCKOUT",
        "```",
        "",
        "Regenerate this page with `.venv/bin/python scripts/mutant_zoo.py` (`--full` runs each mutant against",
        "the whole suite).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these mutants (file names without .py)")
    parser.add_argument("--full", action="store_true", help="run the whole suite against each mutant")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="mutants run at the same time (default 2)")
    parser.add_argument("-n", "--workers", type=int, default=0, help="pytest-xdist workers inside each run")
    parser.add_argument("--output", default=str(OUTPUT), help=f"where the table goes (default {OUTPUT}; - prints)")
    args = parser.parse_args(argv)

    mutants = discover()
    if args.names:
        unknown = set(args.names) - {mutant.name for mutant in mutants}
        if unknown:
            parser.error(f"no such mutant: {', '.join(sorted(unknown))}")
        mutants = [mutant for mutant in mutants if mutant.name in args.names]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_mutant, mutant, args.full, args.workers) for mutant in mutants]
        outcomes = []
        for future in futures:
            outcome = future.result()
            outcomes.append(outcome)
            mark = "detected" if outcome.detected else "NOT DETECTED"
            print(f"{outcome.mutant.name:45} {outcome.mutant.breaks:24} {mark:13} {outcome.duration_s:6.1f} s",
                  flush=True)
            if outcome.verdict is None:
                print(outcome.output[-2000:], file=sys.stderr)
    print(f"{sum(o.detected for o in outcomes)}/{len(outcomes)} detected in {time.monotonic() - started:.0f} s")

    page = render(outcomes, args.full)
    if args.output == "-":
        print(page)
    else:
        Path(args.output).write_text(page, encoding="utf-8")
        print(f"wrote {args.output}")
    return 0 if all(outcome.detected for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
