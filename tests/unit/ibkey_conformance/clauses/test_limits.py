"""Both sides of every limit: each is tagged on a scenario, and each gets a passing check against the target."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ibkey_conformance.clauses import CatalogueError, load_catalogue
from ibkey_conformance.clauses.limits import LimitSide, limit_coverage, limit_sides

ROOT = Path(__file__).resolve().parents[4]
CATALOGUE = load_catalogue()


def test_the_numbers_and_lifetimes_of_the_seed_are_limits():
    limited = {clause.id for clause in CATALOGUE.clauses if clause.limits}
    assert limited >= {
        "LP1-LOCKOUT", "LP1-LOCKOUT-END", "QR-EXPIRY", "LP5-TWO-DAYS", "LP5-CARD-3-WEEKS", "LP8-AUTO-DELAY",
        "AND-PIN-RULE", "CR-CHALLENGE-6", "CR-RESPONSE-8",
    }
    assert LimitSide("LP1-LOCKOUT", "below 10") in limit_sides(CATALOGUE)
    assert LimitSide("AND-PIN-RULE", "above 6") in limit_sides(CATALOGUE)


def test_every_side_of_every_limit_has_a_scenario_and_no_tag_is_stray():
    covered, stray = limit_coverage(CATALOGUE, ROOT / "features")
    assert stray == []
    assert [side for side, scenarios in covered.items() if not scenarios] == []


def test_a_limit_tag_on_a_scenario_without_its_clause_is_stray(tmp_path):
    (tmp_path / "x.feature").write_text(
        "Feature: X\n  @clause.QR-EXPIRY @limit.below.10\n  Scenario: S\n    Given a step\n", encoding="utf-8"
    )
    _, stray = limit_coverage(CATALOGUE, tmp_path)
    assert stray == ["features/x.feature: S: @limit.below.10 is no limit of its clauses QR-EXPIRY"]


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ('[{ value = "ten", unit = "tries", sides = ["below", "at"] }]', "limit value 'ten' must be a count"),
        ('[{ value = "10", unit = "tries", sides = ["under"] }]', "limit side 'under' is not accepted"),
        ('[{ value = "10", unit = "tries", sides = [] }]', "limit sides must be a list of distinct sides"),
        ('[{ value = "10", sides = ["at"] }]', "each limit takes value, unit and sides"),
        ('"10"', "limits must be written"),
    ],
)
def test_a_broken_limit_names_what_is_accepted(tmp_path, limits, message):
    text = (ROOT / "ibkey_conformance" / "clauses" / "catalogue.toml").read_text(encoding="utf-8")
    original = next(line for line in text.splitlines() if line.startswith("limits = ") and "15m" in line)
    path = tmp_path / "catalogue.toml"
    path.write_text(text.replace(original, f"limits = {limits}"), encoding="utf-8")
    with pytest.raises(CatalogueError, match="clause 'QR-EXPIRY': " + message):
        load_catalogue(path)


def test_every_side_of_every_limit_gets_a_passing_check_against_the_target(tmp_path):
    limited = sorted({side.clause for side in limit_sides(CATALOGUE)})
    report_dir = tmp_path / "reports"
    process = subprocess.run(
        [sys.executable, "-m", "ibkey_conformance.cli", "run", "-n", "2", "--clauses", ",".join(limited),
         "--report-dir", str(report_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-2000:]
    results = json.loads((report_dir / "latest" / "results.json").read_text(encoding="utf-8"))
    passing = {
        LimitSide(clause, side)
        for scenario in results["scenarios"] for check in scenario["checks"] if check["outcome"] == "passed"
        for clause in check["clauses"] for side in check.get("limits", [])
    }
    assert [side for side in limit_sides(CATALOGUE) if side not in passing] == []
