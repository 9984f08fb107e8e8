import math

from bench.run import format_table
from bench.stats import percentile, summary


def test_percentiles_are_nearest_rank_samples_that_happened():
    samples = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert percentile(samples, 0.5) == 3.0 and percentile(samples, 0.95) == 5.0 and percentile(samples, 0.2) == 1.0
    assert summary(samples) == {"count": 5, "median_s": 3.0, "p95_s": 5.0, "min_s": 1.0, "max_s": 5.0}
    hundred = [float(value) for value in range(100, 0, -1)]
    assert (percentile(hundred, 0.5), percentile(hundred, 0.99), percentile(hundred, 1.0)) == (50.0, 99.0, 100.0)
    assert percentile([7.0], 0.99) == 7.0 and math.isnan(percentile([], 0.5))


def test_the_table_says_which_targets_are_met_and_by_how_much_the_others_are_missed():
    way = {"median_s": 2.0, "p95_s": 2.5}
    results = {
        "harness_vs_bare": {
            "bare": way, "harness": way, "harness_with_report": way,
            "ratio_harness": 1.1, "ratio_harness_with_report": 1.5,
        },
        "server_load": {
            "challenge_response": {"per_second": 500.0, "p50_ms": 10.0, "p99_ms": 20.0},
            "push_approval": {"per_second": 400.0, "p50_ms": 12.0, "p99_ms": 30.0},
        },
    }
    verdicts = {line.split("  ")[0]: line.rsplit("  ", 1)[-1] for line in format_table(results).splitlines()}
    assert verdicts["harness / bare"] == "met"
    assert verdicts["harness+report / bare"] == "missed by 25%"
    assert verdicts["C/R verifications/s"] == "missed by 50%"
    assert verdicts["C/R verifications: p50 / p99"] == "met"
