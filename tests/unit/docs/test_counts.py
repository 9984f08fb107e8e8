"""The numbers README.md and docs/implementers.md state are the numbers there are: clauses, findings, mutants,
and the zoo's kill rate as its last full-suite run measured it (docs/mutant_zoo.md)."""

from __future__ import annotations

import re
from pathlib import Path

from ibkey_conformance.clauses import load_catalogue
from ibkey_conformance.mutants import boundary_mutants, written_mutants

ROOT = Path(__file__).resolve().parents[3]
README = (ROOT / "README.md").read_text(encoding="utf-8")
IMPLEMENTERS = (ROOT / "docs" / "implementers.md").read_text(encoding="utf-8")
ZOO_PAGE = (ROOT / "docs" / "mutant_zoo.md").read_text(encoding="utf-8")
CATALOGUE = load_catalogue()
WRITTEN = written_mutants()
GENERATED = boundary_mutants()


def _numbers(pattern: str, text: str) -> tuple[int, ...]:
    found = re.search(pattern, " ".join(text.split()))
    assert found, f"no {pattern!r}"
    return tuple(int(number) for number in found.groups())


def test_the_readme_counts_the_catalogue():
    assert _numbers(r"\((\d+) clauses:", README) == (len(CATALOGUE.clauses),)
    assert _numbers(r"records (\d+) documentation findings", README) == (len(CATALOGUE.findings),)


def test_the_readme_and_the_implementers_guide_count_the_zoo():
    kinds = tuple(sum(mutant.kind == kind for mutant in WRITTEN) for kind in ("server", "authenticator"))
    assert _numbers(r"(\d+) hand-written mutants and (\d+) generated from the limits", README) == (
        len(WRITTEN), len(GENERATED),
    )
    assert _numbers(r"holds (\d+) hand-written defective implementations \((\d+) servers, (\d+) authenticators\)",
                    IMPLEMENTERS) == (len(WRITTEN), *kinds)
    assert _numbers(r"adds (\d+) generated from the catalogue's limits", IMPLEMENTERS) == (len(GENERATED),)


def test_the_kill_rate_quoted_is_the_full_suite_run_s_on_the_zoo_page():
    assert "Each mutant ran the whole suite" in ZOO_PAGE, "the page's numbers come from a full-suite run"
    detected, total = _numbers(r"\*\*(\d+) of (\d+) detected", ZOO_PAGE)
    assert total == len(WRITTEN) + len(GENERATED), "regenerate docs/mutant_zoo.md: the zoo has changed"
    assert _numbers(r"full suite: (\d+) of (\d+) detected", IMPLEMENTERS) == (detected, total)
