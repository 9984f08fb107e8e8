"""The default conformance run as a user starts it, serial and on workers: wall time, peak memory, scenario costs."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.memory import PeakMemory
from bench.stats import summary

REPO = Path(__file__).resolve().parents[1]


def full_run(workers: int) -> dict:
    """`ibkey-conform run -n WORKERS` over every scenario; it must conform, or the timing means nothing."""
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "ibkey_conformance.cli", "run", "-n", str(workers), "--report-dir", folder]
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        with PeakMemory(process.pid) as memory:
            output, _ = process.communicate(timeout=1800)
        wall = time.perf_counter() - started
        results_path = Path(folder) / "latest" / "results.json"
        if process.returncode != 0 or not results_path.exists():
            raise RuntimeError(f"the full run did not conform (exit {process.returncode}): {output[-2000:]}")
        results = json.loads(results_path.read_text(encoding="utf-8"))
    scenarios = results["scenarios"]
    browser = [s["duration_s"] for s in scenarios if "browser" in s["tags"]]
    other = [s["duration_s"] for s in scenarios if "browser" not in s["tags"]]
    return {
        "workers": workers,
        "wall_s": round(wall, 2),
        "scenarios": len(scenarios),
        "peak_memory_mib": round(memory.peak_bytes / 2**20),
        "browser_scenario": summary(browser),
        "non_browser_scenario": summary(other),
        "slowest": sorted(({"name": s["name"], "seconds": s["duration_s"]} for s in scenarios),
                          key=lambda s: -s["seconds"])[:5],
    }


def measure(workers: int = 2) -> dict:
    serial, parallel = full_run(0), full_run(workers)
    return {"serial": serial, "parallel": parallel, "speed_up": round(serial["wall_s"] / parallel["wall_s"], 2)}
