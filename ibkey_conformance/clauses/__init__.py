"""The clause catalogue: the seed's normative statements, their coverage by scenarios, and a terminal listing."""

from ibkey_conformance.clauses.catalogue import (
    DEFAULT_CATALOGUE,
    Catalogue,
    CatalogueError,
    Clause,
    Finding,
    Limit,
    Section,
    load_catalogue,
)
from ibkey_conformance.clauses.coverage import ScenarioClauses, coverage, scenario_clauses, unknown_tags
from ibkey_conformance.clauses.listing import format_catalogue

__all__ = [
    "DEFAULT_CATALOGUE",
    "Catalogue",
    "CatalogueError",
    "Clause",
    "Finding",
    "Limit",
    "ScenarioClauses",
    "Section",
    "coverage",
    "format_catalogue",
    "load_catalogue",
    "scenario_clauses",
    "unknown_tags",
]
