"""Summaries of timings: nearest-rank percentiles, no interpolation between samples that did not happen."""

from __future__ import annotations

import math
import statistics


def percentile(samples: list[float], fraction: float) -> float:
    """The sample at `fraction` of the way up (0.99 for p99), or NaN when there is none."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summary(samples: list[float]) -> dict:
    """Seconds in, seconds out: how many, median, p95, fastest and slowest."""
    return {
        "count": len(samples),
        "median_s": round(statistics.median(samples), 4),
        "p95_s": round(percentile(samples, 0.95), 4),
        "min_s": round(min(samples), 4),
        "max_s": round(max(samples), 4),
    }
