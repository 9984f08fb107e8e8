"""The terminal listing: rows by section, untested reasons, filters, findings and the coverage footer."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from ibkey_conformance.clauses import (
    Catalogue,
    Clause,
    Finding,
    Section,
    coverage,
    format_catalogue,
    load_catalogue,
    scenario_clauses,
)

FEATURES = Path(__file__).resolve().parents[4] / "features"
CATALOGUE = Catalogue(
    sections=(Section("en-steps", "English steps", "en", (1, 10)), Section("ja-login", "ログイン", "ja", (11, 20))),
    clauses=(
        Clause("EN-1", "en-steps", "step", "explicit", "Open the app. " * 20, (1,), checked_on="harness model"),
        Clause("EN-2", "en-steps", "rule", "inferred", "Codes last 15 minutes.", (2,), note="Reference choice."),
        Clause("JA-1", "ja-login", "hint", "explicit", "Call Client Services.", (11,),
               untested="advice to phone Client Services; nothing a program can do"),
    ),
    findings=(Finding("F-TYPO", "typo", (12,), "「始ります」 for 「始まります」. " * 8),),
)
COVERAGE = {"EN-1": ["scenario a", "scenario b"], "EN-2": ["scenario c"], "JA-1": []}


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def test_the_footer_counts_clauses_coverage_and_statuses():
    listing = format_catalogue(CATALOGUE, COVERAGE)
    assert listing.rstrip().splitlines()[-2:] == [
        "3 clauses · 2 with at least one scenario (66.7 %) · 1 without (reasons listed above) · "
        "1 inferred · 0 conflicting",
        "ON: 2 impl (an implementation can fail them) · 1 model (walked only on the harness's phone model) · "
        "0 adv (advice)",
    ]


def test_rows_are_grouped_by_section_with_their_scenario_counts():
    lines = format_catalogue(CATALOGUE, COVERAGE).splitlines()
    assert lines[0].startswith("en-steps · English steps (en, seed lines 1-10)")
    row = next(line for line in lines if line.lstrip().startswith("EN-1 "))
    assert row.split()[1:5] == ["step", "explicit", "model", "2"]
    other = next(line for line in lines if line.lstrip().startswith("EN-2 "))
    assert other.split()[1:5] == ["rule", "inferred", "impl", "1"]
    assert row.endswith("…") and width(row) <= 120


def test_an_uncovered_clause_shows_its_reason():
    listing = format_catalogue(CATALOGUE, COVERAGE, uncovered_only=True)
    assert "JA-1" in listing and "EN-1" not in listing
    assert "untested: advice to phone Client Services; nothing a program can do" in listing
    assert "Showing 1 of 3 clauses." in listing


def test_a_status_filter_keeps_the_footer_for_the_whole_catalogue():
    listing = format_catalogue(CATALOGUE, COVERAGE, status="inferred")
    assert "EN-2" in listing and "EN-1 " not in listing and "JA-1" not in listing
    assert "1 without ·" in listing  # its reason is not among the rows shown


def test_findings_are_listed_on_request_within_the_terminal_width():
    assert "F-TYPO" not in format_catalogue(CATALOGUE, COVERAGE)
    listing = format_catalogue(CATALOGUE, COVERAGE, findings=True)
    assert "Documentation findings of the seed (1)" in listing
    assert "F-TYPO" in listing and "lines 12" in listing
    assert all(width(line) <= 120 for line in listing.splitlines())


def test_the_real_catalogue_fits_a_120_column_terminal():
    catalogue = load_catalogue()
    listing = format_catalogue(catalogue, coverage(catalogue, scenario_clauses(FEATURES)), findings=True)
    assert all(width(line) <= 120 for line in listing.splitlines())
    assert f"{len(catalogue.clauses)} clauses · " in listing
