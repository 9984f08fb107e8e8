"""A failed scenario as a short block on the console: where, which step, which clause, expected and actual."""

from __future__ import annotations

import shlex
from pathlib import Path

FAILED = {"failed": "FAILED", "harness_error": "HARNESS ERROR"}  # outcome -> how the console names it
HARNESS_FAULT = " (the harness's fault, not the implementation's)"
LINE_LIMIT = 300


def failure_blocks(results: dict, report: Path, command: list[str]) -> list[str]:
    """One block per failed scenario of a results.json (already redacted), in the order they ran; `command` is
    the run's, without its -k and --seed, which each block adds to reproduce its scenario."""
    return [_block(scenario, report, command) for scenario in results["scenarios"] if scenario["outcome"] in FAILED]


def _block(scenario: dict, report: Path, command: list[str]) -> str:
    feature = scenario["feature"]
    lines = [
        f"{FAILED[scenario['outcome']]}{HARNESS_FAULT if scenario['outcome'] == 'harness_error' else ''}"
        f"  {scenario['name']}",
        f"  where:     features/{feature['file']}:{scenario['line']}",
    ]
    error = scenario.get("error") or {}
    steps = scenario.get("steps", [])
    step = error.get("step")
    if step is not None and 0 <= step < len(steps):
        lines.append(f"  step:      {steps[step]['keyword']} {steps[step]['text']}")
    failed = next((check for check in reversed(scenario.get("checks", [])) if check["outcome"] == "failed"), None)
    if failed:
        lines += [
            f"  clause:    {', '.join(failed['clauses'])}",
            f"  checked:   {failed['what']}",
            f"  expected:  {_short(failed['expected'])}",
            f"  actual:    {_short(failed['actual'])}",
        ]
    message = (error.get("message") or "").strip()
    if message and not failed:
        lines.append(f"  error:     {_short(message)}")
    if scenario.get("traces"):
        lines.append(f"  trace:     playwright show-trace {report.parent / scenario['traces'][0]}")
    lines.append(f"  report:    {report}")
    if scenario.get("seed") is not None:
        reproduce = [*command, "--seed", str(scenario["seed"]), "-k", _keyword(scenario)]
        lines.append(f"  reproduce: {shlex.join(reproduce)}")
    return "\n".join(lines)


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= LINE_LIMIT else text[: LINE_LIMIT - 1] + "…"


def _keyword(scenario: dict) -> str:
    """The test function's name: `-k` with it selects this scenario (and its other Examples rows)."""
    return scenario["id"].split("::")[-1].split("[")[0]
