"""Which scenarios check which clauses, read from the `@clause.ID` tags of the feature files."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ibkey_conformance.clauses.catalogue import Catalogue

if TYPE_CHECKING:
    from pytest_bdd.exceptions import GherkinParseError
    from pytest_bdd.parser import Feature

CLAUSE_TAG = "clause."


@dataclass(frozen=True)
class ScenarioClauses:
    feature_file: str  # relative to the features directory, with forward slashes
    feature: str
    scenario: str
    line: int
    clauses: tuple[str, ...]


def scenario_clauses(features_dir: Path) -> list[ScenarioClauses]:
    """Every scenario under `features_dir` with the clause ids of its own, its rule's and its feature's tags.

    A file that cannot be read checks nothing: see unreadable_features."""
    found = []
    for relative, feature in parsed_features(features_dir):
        if _unreadable(feature):
            continue
        for scenario in feature.scenarios.values():
            tags = set(feature.tags) | scenario.tags
            if scenario.rule is not None:
                tags |= scenario.rule.tags
            for examples in scenario.examples:
                tags |= examples.tags
            clause_ids = tuple(sorted(tag.removeprefix(CLAUSE_TAG) for tag in tags if tag.startswith(CLAUSE_TAG)))
            found.append(ScenarioClauses(relative, feature.name, scenario.name, scenario.line_number, clause_ids))
    return found


def unreadable_features(features_dir: Path) -> list[dict]:
    """The feature files Gherkin cannot parse, each as a problem of the run: none of their scenarios can run."""
    return [
        {"test": f"features/{relative}", "message": describe_unreadable(relative, feature)}
        for relative, feature in parsed_features(features_dir)
        if _unreadable(feature)
    ]


def describe_unreadable(relative: str, error: GherkinParseError) -> str:
    return (
        f"features/{relative} cannot be read, so none of its scenarios ran: line {error.line}: {error.message} "
        f"(the line reads {error.line_content.strip()!r})"
    )


def parsed_features(features_dir: Path) -> Iterator[tuple[str, Feature | GherkinParseError]]:
    """pytest-bdd is imported here, not at the top: the CLI reads the catalogue before pytest starts."""
    from pytest_bdd.exceptions import GherkinParseError
    from pytest_bdd.parser import FeatureParser

    for path in sorted(features_dir.rglob("*.feature")):
        relative = path.relative_to(features_dir).as_posix()
        try:
            yield relative, FeatureParser(str(features_dir), relative).parse()
        except GherkinParseError as error:
            yield relative, error


def coverage(catalogue: Catalogue, scenarios: list[ScenarioClauses]) -> dict[str, list[ScenarioClauses]]:
    """Each catalogue clause, in catalogue order, with the scenarios that name it (an empty list for none)."""
    covered: dict[str, list[ScenarioClauses]] = {clause_id: [] for clause_id in catalogue.ids}
    for scenario in scenarios:
        for clause_id in scenario.clauses:
            if clause_id in covered:
                covered[clause_id].append(scenario)
    return covered


def unknown_tags(catalogue: Catalogue, scenarios: list[ScenarioClauses]) -> dict[str, list[ScenarioClauses]]:
    """Clause ids that scenarios name but the catalogue does not hold, with those scenarios."""
    known = set(catalogue.ids)
    unknown: dict[str, list[ScenarioClauses]] = {}
    for scenario in scenarios:
        for clause_id in scenario.clauses:
            if clause_id not in known:
                unknown.setdefault(clause_id, []).append(scenario)
    return unknown


def scenario_names(features_dir: Path) -> set[str]:
    """Every scenario's name as a run reports it: outlines once per example, placeholders filled in."""
    names: set[str] = set()
    for _, feature in parsed_features(features_dir):
        if _unreadable(feature):
            continue
        for template in feature.scenarios.values():
            contexts = [context for examples in template.examples for context in examples.as_contexts()]
            names.update(template.render(context).name for context in contexts or [{}])
    return names


def _unreadable(feature: object) -> bool:
    from pytest_bdd.exceptions import GherkinParseError

    return isinstance(feature, GherkinParseError)
