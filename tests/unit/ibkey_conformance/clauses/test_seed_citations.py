"""The catalogue against the seed and the features: every step cited, every citation real, every clause placed."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from ibkey_conformance.clauses import coverage, load_catalogue, scenario_clauses, unknown_tags

ROOT = Path(__file__).resolve().parents[4]
SEED_LINES = (ROOT / "fixtures" / "seed" / "ibkey_help.txt").read_text(encoding="utf-8").splitlines()
FEATURES = ROOT / "features"
STEP_START = re.compile(r"^\d+\)|^\d+\.[a-z]\)|^\d+\. |^[a-i]\. ")
BARE_FIGURES = re.compile(r"^(?:Figure \d+(?:\.\d+)?\s*)+$")
COPIED_RUN = 30  # characters in a row shared with the seed: a paraphrase never gets that close


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="module")
def scenarios():
    return scenario_clauses(FEATURES)


def test_every_numbered_or_lettered_step_of_the_seed_is_cited(catalogue):
    cited = {line for clause in catalogue.clauses for line in clause.sources}
    steps = [number for number, text in enumerate(SEED_LINES, 1) if STEP_START.match(text)]
    assert len(steps) > 90
    assert [number for number in steps if number not in cited] == []


def test_every_cited_line_exists_and_says_more_than_a_figure_number(catalogue):
    for clause in catalogue.clauses:
        for line in clause.sources:
            assert 1 <= line <= len(SEED_LINES), (clause.id, line)
            assert not BARE_FIGURES.match(SEED_LINES[line - 1]), (clause.id, line, SEED_LINES[line - 1])


def test_sections_tile_the_whole_seed(catalogue):
    spans = sorted(section.lines for section in catalogue.sections)
    assert spans[0][0] == 1 and spans[-1][1] == len(SEED_LINES)
    assert all(after[0] == before[1] + 1 for before, after in pairwise(spans))


def test_finding_lines_exist(catalogue):
    assert all(1 <= line <= len(SEED_LINES) for finding in catalogue.findings for line in finding.lines)


def test_paraphrases_are_the_projects_own_words(catalogue):
    seed = "\n".join(SEED_LINES)
    for clause in catalogue.clauses:
        runs = {clause.text[start:start + COPIED_RUN] for start in range(len(clause.text) - COPIED_RUN + 1)}
        assert not [run for run in runs if run in seed], clause.id


def test_every_clause_tag_in_the_features_is_in_the_catalogue(catalogue, scenarios):
    assert unknown_tags(catalogue, scenarios) == {}


def test_every_clause_has_a_scenario_or_a_reason_never_both(catalogue, scenarios):
    covered = coverage(catalogue, scenarios)
    both = [clause.id for clause in catalogue.clauses if covered[clause.id] and clause.untested]
    neither = [clause.id for clause in catalogue.clauses if not covered[clause.id] and not clause.untested]
    assert (both, neither) == ([], [])


def test_every_scenario_checks_at_least_one_clause(scenarios):
    assert [(s.feature_file, s.scenario) for s in scenarios if not s.clauses] == []
