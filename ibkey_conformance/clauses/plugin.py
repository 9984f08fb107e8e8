"""pytest plugin: `@clause.ID` tags become one `clause` marker, `--ibkey-clauses` selects by clause, and the
`@limit.<side>.<value>` tags of the catalogue's limits are known markers (Examples rows may carry them)."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("ibkey-target").addoption(
        "--ibkey-clauses", default=None, help="comma-separated clause ids: run only the scenarios checking them"
    )


def pytest_configure(config: pytest.Config) -> None:
    from ibkey_conformance.clauses.catalogue import load_catalogue

    for clause in load_catalogue().clauses:
        for limit in clause.limits:
            for tag in limit.tags():
                config.addinivalue_line("markers", f"{tag}: {clause.id}, {limit.value} {limit.unit}")


def pytest_bdd_apply_tag(tag: str, function) -> bool | None:
    """`@clause.ID` names a catalogue clause the scenario checks: one `clause` marker, not one per ID."""
    if tag.startswith("clause."):
        pytest.mark.clause(tag.removeprefix("clause."))(function)
        return True
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted = config.getoption("--ibkey-clauses")
    if not wanted:
        return
    clause_ids = {clause_id.strip() for clause_id in wanted.split(",") if clause_id.strip()}
    selected, deselected = [], []
    for item in items:
        checks = {marker.args[0] for marker in item.iter_markers("clause")}
        (selected if checks & clause_ids else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected
