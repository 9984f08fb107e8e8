"""`make bench`: the harness against the bare-Playwright floor, the full run serial and on workers, the server under
load; prints a table and writes bench/results.json.

    python -m bench.run [--only harness,full,server] [--rounds 3] [--flows 5] [--transactions 1000] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench import full_run, harness_vs_bare
from bench.server_load import measure_server_load

RESULTS = Path(__file__).with_name("results.json")
SECTIONS = ("harness", "full", "server")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated, from {', '.join(SECTIONS)}")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of bare script and harness")
    parser.add_argument("--flows", type=int, default=5, help="logins per round and way, after a warm-up")
    parser.add_argument("--workers", type=int, default=2, help="workers of the parallel full run")
    parser.add_argument("--transactions", type=int, default=1000, help="logins per server phase")
    parser.add_argument("--concurrency", type=int, default=16, help="clients sending at once in the server phases")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    chosen = [section.strip() for section in args.only.split(",") if section.strip()]
    if unknown := set(chosen) - set(SECTIONS):
        parser.error(f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")

    results: dict = {"machine": _machine(), "started_at": datetime.now(UTC).isoformat(timespec="seconds")}
    if "harness" in chosen:
        results["harness_vs_bare"] = harness_vs_bare.measure(args.rounds, args.flows)
    if "full" in chosen:
        results["full_run"] = full_run.measure(args.workers)
    if "server" in chosen:
        results["server_load"] = measure_server_load(args.transactions, args.concurrency)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(format_table(results))
    print(f"\nwritten: {args.out}")
    return 0


def _machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def _target(measured: float, limit: float, better: str) -> str:
    met = measured <= limit if better == "lower" else measured >= limit
    if met:
        return "met"
    return f"missed by {abs(measured - limit) / limit:.0%}"


def format_table(results: dict) -> str:
    rows = [("measure", "value", "target", "")]
    if flow := results.get("harness_vs_bare"):
        for way in ("bare", "harness", "harness_with_report"):
            rows.append((f"C/R login, {way.replace('_', ' ')}: median / p95",
                         f"{flow[way]['median_s']:.2f} s / {flow[way]['p95_s']:.2f} s", "", ""))
        for key, label in (("ratio_harness", "harness / bare"), ("ratio_harness_with_report", "harness+report / bare")):
            rows.append((label, f"{flow[key]:.2f}×", "≤ 1.20×", _target(flow[key], 1.2, "lower")))
    if full := results.get("full_run"):
        serial, parallel = full["serial"], full["parallel"]
        rows.append(("full run, serial", f"{serial['wall_s']:.0f} s", "", ""))
        rows.append((f"full run, -n {parallel['workers']}", f"{parallel['wall_s']:.0f} s", "≤ 60 s",
                     _target(parallel["wall_s"], 60, "lower")))
        rows.append(("speed-up", f"{full['speed_up']:.2f}×", "≥ 1.60×", _target(full["speed_up"], 1.6, "higher")))
        for kind in ("browser_scenario", "non_browser_scenario"):
            cost = serial[kind]
            rows.append((f"{kind.replace('_', ' ')} (serial): median / p95",
                         f"{cost['median_s']:.2f} s / {cost['p95_s']:.2f} s", "", ""))
        rows.append(("peak memory, serial / parallel",
                     f"{serial['peak_memory_mib']} / {parallel['peak_memory_mib']} MiB", "", ""))
    if server := results.get("server_load"):
        phases = (("challenge_response", "C/R verifications", True), ("push_approval", "push approvals", False))
        for phase, label, target in phases:
            figures = server[phase]
            rows.append((f"{label}/s", f"{figures['per_second']:.0f}", "≥ 1000" if target else "",
                         _target(figures["per_second"], 1000, "higher") if target else ""))
            rows.append((f"{label}: p50 / p99", f"{figures['p50_ms']:.1f} / {figures['p99_ms']:.1f} ms",
                         "p99 ≤ 25 ms" if target else "", _target(figures["p99_ms"], 25, "lower") if target else ""))
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
