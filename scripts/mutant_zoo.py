"""Run every mutant of fixtures/implementations/mutants through `ibkey-conform run` and write docs/mutant_zoo.md.

Each mutant breaks one rule of the seed and names its catalogue clause in `BREAKS`. `--full` runs the whole
suite against each mutant, as an outside implementer's defect would meet it, and shows every clause the defect
is visible through; without it a mutant runs only the scenarios of its own clause (`--clauses BREAKS`). The
controls run the same selection first: the reference implementation and the Node.js authenticator must conform,
or no detection counts. A mutant is detected only when a check on its BREAKS clause failed; a harness error is
never a detection.

    .venv/bin/python scripts/mutant_zoo.py --full     # every mutant against the whole suite: the page's numbers
    .venv/bin/python scripts/mutant_zoo.py            # every mutant, only its own clause's scenarios
    .venv/bin/python scripts/mutant_zoo.py lockout_at_eleven --output -

Exit code 0 when both controls conform and every mutant was detected, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ibkey_conformance.mutants import Mutant, discover, run_options  # noqa: E402

OUTPUT = ROOT / "docs" / "mutant_zoo.md"
FAILED = ("failed",)  # a harness error is the harness's own failure: never a detection
NODE_AUTHENTICATOR = ROOT / "fixtures" / "implementations" / "node_authenticator" / "authenticator.js"
CONTROLS = {
    "the reference implementation": [],
    "the Node.js authenticator": ["--authenticator-cmd", f"node {shlex.quote(str(NODE_AUTHENTICATOR))}"],
}


@dataclass
class Outcome:
    name: str
    exit_code: int
    verdict: str | None
    mutant: Mutant | None = None
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
    def conforms(self) -> bool:
        return self.exit_code == 0 and self.verdict == "conforms"

    @property
    def failing_clauses(self) -> list[str]:
        """The clauses a failed check blamed (not every clause of the failed scenarios)."""
        return sorted(clause for clause, verdict in self.clause_verdicts.items() if verdict == "failed")

    @property
    def other_clauses(self) -> list[str]:
        return [clause for clause in self.failing_clauses if clause != self.mutant.breaks]


def _run(name: str, options: list[str], selection: list[str], workers: int) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="zoo-") as report_dir:
        command = [sys.executable, "-m", "ibkey_conformance.cli", "run", *options, *selection,
                   "--report-dir", report_dir]
        if workers:
            command += ["-n", str(workers)]
        started = time.monotonic()
        process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        outcome = Outcome(name, process.returncode, None, duration_s=time.monotonic() - started,
                          output=process.stdout + process.stderr)
        results = Path(report_dir) / "latest" / "results.json"
        if results.is_file():
            report = json.loads(results.read_text(encoding="utf-8"))
            outcome.verdict = report["verdict"]
            outcome.scenarios = len(report["scenarios"])
            outcome.failed = [s for s in report["scenarios"] if s["outcome"] in FAILED]
            outcome.clause_verdicts = {clause["id"]: clause["verdict"] for clause in report["clauses"]}
    return outcome


def run_mutant(mutant: Mutant, full: bool = False, workers: int = 0) -> Outcome:
    with run_options(mutant) as options:
        outcome = _run(mutant.name, options, [] if full else ["--clauses", mutant.breaks], workers)
    outcome.mutant = mutant
    return outcome


def run_control(name: str, mutants: list[Mutant], full: bool, workers: int) -> Outcome:
    """The selection the mutants run, against an implementation that must conform."""
    if name == "the Node.js authenticator":  # it can only be judged where its own code runs
        mutants = [mutant for mutant in mutants if mutant.kind == "authenticator"]
    selection = [] if full else ["--clauses", ",".join(sorted({mutant.breaks for mutant in mutants}))]
    return _run(name, CONTROLS[name], selection, workers)


def controls_for(mutants: list[Mutant], full: bool) -> list[str]:
    return [name for name in CONTROLS if full or name == "the reference implementation"
            or any(mutant.kind == "authenticator" for mutant in mutants)]


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


def render(outcomes: list[Outcome], controls: list[Outcome], full: bool, elapsed_s: float) -> str:
    mode = "the whole suite" if full else "only the scenarios of the clause it breaks (`--clauses BREAKS`)"
    detected = sum(outcome.detected for outcome in outcomes)
    trusted = all(control.conforms for control in controls)
    rate = f"{detected} of {len(outcomes)} detected ({100 * detected / max(1, len(outcomes)):.0f} %)"
    reaching = sum(bool(outcome.other_clauses) for outcome in outcomes if outcome.detected)
    lines = [
        "# Mutant zoo",
        "",
        "<!-- Generated by scripts/mutant_zoo.py; edit the mutants or the script, then run it again. -->",
        "",
        "Deliberately defective implementations in `fixtures/implementations/mutants/`, each breaking one rule of",
        "the seed (its `BREAKS` clause), run through `ibkey-conform run` to show that the scenarios catch the",
        "defect and blame the right clause. Besides the hand-written ones, `_boundaries.py` generates two per limit",
        "of the catalogue: the limit moved one unit inside and one unit outside (a count or a length ±1, a lifetime",
        "±1 second). A server mutant runs behind the reference Client Portal (`--server FILE:create_server`);",
        "an authenticator mutant stands in for IB Key on the simulated phone",
        "(`--authenticator FILE:create_authenticator`);",
        "a portal mutant is the reference portal with its settings changed, served with its control API and reached",
        "by URL (`--portal-url`), as a third party's portal is.",
        "`tests/unit/ibkey_conformance/adapters/test_mutant_zoo.py` checks each mutant against its own clause's",
        "scenarios on every test run.",
        "",
        f"Each mutant ran {mode}, {elapsed_s / 60:.0f} minutes in all on a 2-core machine. "
        f"**{rate}.** A mutant counts as detected only when a check on its BREAKS clause failed; a harness error",
        "or a failure blamed on another clause is not a detection.",
        "",
        "## Controls",
        "",
        "The same selection, run first against implementations that must conform; were one not to, no detection",
        "below would count.",
        "",
        "| Control | Verdict | Scenarios | Duration |",
        "|---|---|---|---|",
    ]
    for control in controls:
        verdict = control.verdict or f"did not run (exit code {control.exit_code})"
        verdict = verdict if control.conforms else f"**{verdict}**"
        lines.append(f"| {control.name} | {verdict} | {control.scenarios} | {control.duration_s:.0f} s |")
    if not trusted:
        lines += ["", "**A control did not conform: the detections below are not evidence.**"]
    lines += [
        "",
        "## Mutants",
        "",
        "Failing clauses are those a failed check blamed: the one the mutant breaks in bold, then the others its",
        f"defect reaches through the suite ({reaching} of the detected mutants reach more than their own clause:",
        "a lockout that comes late also changes the message of the attempt after, for instance).",
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
            [f"**{clause}**" for clause in outcome.failing_clauses if clause == mutant.breaks]
            + ([f"also {', '.join(outcome.other_clauses)}"] if outcome.other_clauses else [])
        )
        scenarios = "<br>".join(_describe_failure(scenario) for scenario in outcome.failed)
        lines.append(
            f"| [`{mutant.name}`](../fixtures/implementations/mutants/{mutant.path.name}) | {mutant.kind} "
            f"| {_cell(mutant.summary)} | {mutant.breaks} | {status} | {_cell(clauses) or '—'} "
            f"| {_cell(scenarios) or '—'} |"
        )
    lines += [
        "",
        "Reproduce a row:",
        "",
        "```sh",
        ".venv/bin/ibkey-conform run --server fixtures/implementations/mutants/lockout_at_eleven.py:create_server",
        "```",
        "",
        "Regenerate this page with `.venv/bin/python scripts/mutant_zoo.py --full` (`make zoo`).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these mutants (file names without .py)")
    parser.add_argument("--full", action="store_true", help="run the whole suite against each mutant")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="runs at the same time (default 2)")
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
        names = controls_for(mutants, args.full)
        control_runs = [pool.submit(run_control, name, mutants, args.full, args.workers) for name in names]
        mutant_runs = [pool.submit(run_mutant, mutant, args.full, args.workers) for mutant in mutants]
        controls = [run.result() for run in control_runs]
        for control in controls:
            print(f"control: {control.name:42} {control.verdict or 'did not run':18} {control.duration_s:6.1f} s",
                  flush=True)
            if not control.conforms:
                print(control.output[-3000:], file=sys.stderr)
        outcomes = []
        for run in mutant_runs:
            outcome = run.result()
            outcomes.append(outcome)
            mark = "detected" if outcome.detected else "NOT DETECTED"
            also = f" also {','.join(outcome.other_clauses)}" if outcome.other_clauses else ""
            print(f"{outcome.name:45} {outcome.mutant.breaks:24} {mark:13} {outcome.duration_s:6.1f} s{also}",
                  flush=True)
            if outcome.verdict is None:
                print(outcome.output[-2000:], file=sys.stderr)
    elapsed = time.monotonic() - started
    print(f"{sum(o.detected for o in outcomes)}/{len(outcomes)} detected in {elapsed:.0f} s")

    page = render(outcomes, controls, args.full, elapsed)
    if args.output == "-":
        print(page)
    else:
        Path(args.output).write_text(page, encoding="utf-8")
        print(f"wrote {args.output}")
    trusted = all(control.conforms for control in controls)
    return 0 if trusted and all(outcome.detected for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
