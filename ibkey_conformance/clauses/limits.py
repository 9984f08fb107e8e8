"""Which scenarios check which side of each limit, read from the `@limit.<side>.<value>` tags of the feature files.

A limit is checked from both sides: a count just below it and at it (9 and 10 wrong entries), a lifetime one
second before its end and at it, a length one short and one over. A scenario's limit tags count for the limits
of the clauses it names; Examples blocks may carry their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ibkey_conformance.clauses.catalogue import Catalogue
from ibkey_conformance.clauses.coverage import CLAUSE_TAG, parsed_features

LIMIT_TAG = "limit."


@dataclass(frozen=True)
class LimitSide:
    clause: str
    side: str  # "below 10", "at 24h"…: the form checks record


def limit_sides(catalogue: Catalogue) -> list[LimitSide]:
    """Every side of every limit in the catalogue, each of which needs a passing check."""
    return [
        LimitSide(clause.id, f"{side} {limit.value}")
        for clause in catalogue.clauses for limit in clause.limits for side in limit.sides
    ]


def limit_coverage(catalogue: Catalogue, features_dir: Path) -> tuple[dict[LimitSide, list[str]], list[str]]:
    """Each limit side with the scenarios tagged to check it, and the tags that match no limit of their scenario."""
    covered: dict[LimitSide, list[str]] = {side: [] for side in limit_sides(catalogue)}
    stray: list[str] = []
    for relative, feature in parsed_features(features_dir):
        if not hasattr(feature, "scenarios"):
            continue
        for scenario in feature.scenarios.values():
            tags = set(feature.tags) | scenario.tags
            clauses = {tag.removeprefix(CLAUSE_TAG) for tag in tags if tag.startswith(CLAUSE_TAG)}
            for examples in scenario.examples or [None]:
                own = tags | (examples.tags if examples else set())
                for tag in sorted(tag for tag in own if tag.startswith(LIMIT_TAG)):
                    where = f"features/{relative}: {scenario.name}"
                    matched = _sides(catalogue, clauses & set(catalogue.ids), tag)
                    if not matched:
                        stray.append(f"{where}: @{tag} is no limit of its clauses {', '.join(sorted(clauses))}")
                    for side in matched:
                        covered[side].append(where)
    return covered, stray


def _sides(catalogue: Catalogue, clauses: set[str], tag: str) -> list[LimitSide]:
    return [
        LimitSide(clause_id, side)
        for clause_id in sorted(clauses) for limit in catalogue.clause(clause_id).limits
        if (side := limit.side_tagged(tag))
    ]
