"""Binds every feature file under features/ to pytest; the steps live in steps/ (see the root conftest).

Each file is bound on its own: one that cannot be read becomes a failing test naming the file, the line and what
is wrong, and every other file's scenarios still run.
"""

from pathlib import Path

import pytest
from pytest_bdd import scenarios
from pytest_bdd.exceptions import GherkinParseError

from ibkey_conformance.clauses.coverage import describe_unreadable

FEATURES = Path(__file__).parent
UNREADABLE: list[tuple[str, str]] = []

for feature_file in sorted(FEATURES.rglob("*.feature")):
    relative = feature_file.relative_to(FEATURES).as_posix()
    try:
        scenarios(relative)
    except GherkinParseError as error:
        UNREADABLE.append((relative, describe_unreadable(relative, error)))

if UNREADABLE:

    @pytest.mark.parametrize(("feature_file", "problem"), UNREADABLE, ids=[path for path, _ in UNREADABLE])
    def test_feature_file_can_be_read(feature_file: str, problem: str) -> None:
        pytest.fail(problem, pytrace=False)
