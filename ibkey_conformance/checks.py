"""Checks: one comparison, one clause. A clause's verdict comes from the checks made on it.

A Then-step names the clauses it can check with `@checks(...)` and compares through the `check` fixture:

    @then("a 6-digit challenge code is shown")
    @checks("CR-CHALLENGE-6")
    def _(challenge, check):
        check("the challenge code on the login page", Digits(6), challenge)

The clauses a comparison is recorded on are the step's candidates that the scenario itself names in its
`@clause.ID` tags, so one step serves every scenario and each blames only what it checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

CHECKED_CLAUSES = "__ibkey_clauses__"


class HarnessFault(Exception):
    """The harness could not do its own part (wiring, browser, in-process portal): never the target's failure."""


class CheckFailed(AssertionError):
    """A comparison against the target did not hold: the clause it enforces fails."""

    def __init__(self, record: dict) -> None:
        self.record = record
        clauses = ", ".join(record["clauses"])
        super().__init__(f"{clauses}: {record['what']}: expected {record['expected']}, got {record['actual']}")


class Expectation:
    """What a check expects; `describe` is how a report states it."""

    def matches(self, actual: Any) -> bool:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class Equals(Expectation):
    value: Any

    def matches(self, actual: Any) -> bool:
        return actual == self.value

    def describe(self) -> str:
        return repr(self.value)


@dataclass(frozen=True)
class Digits(Expectation):
    count: int

    def matches(self, actual: Any) -> bool:
        return isinstance(actual, str) and len(actual) == self.count and actual.isascii() and actual.isdigit()

    def describe(self) -> str:
        return f"{self.count} digits"


@dataclass(frozen=True)
class Contains(Expectation):
    part: str

    def matches(self, actual: Any) -> bool:
        return isinstance(actual, str) and self.part in actual

    def describe(self) -> str:
        return f"text containing {self.part!r}"


@dataclass(frozen=True)
class NonEmpty(Expectation):
    def matches(self, actual: Any) -> bool:
        return bool(actual)

    def describe(self) -> str:
        return "at least one"


@dataclass(frozen=True)
class Differs(Expectation):
    value: Any

    def matches(self, actual: Any) -> bool:
        return actual != self.value

    def describe(self) -> str:
        return f"anything but {self.value!r}"


@dataclass(frozen=True)
class Matches(Expectation):
    """Text matching a regular expression as a whole; `meaning` says in words what it stands for."""

    pattern: str
    meaning: str

    def matches(self, actual: Any) -> bool:
        return isinstance(actual, str) and re.fullmatch(self.pattern, actual) is not None

    def describe(self) -> str:
        return self.meaning


@dataclass(frozen=True)
class OneOf(Expectation):
    values: tuple[Any, ...]

    def matches(self, actual: Any) -> bool:
        return actual in self.values

    def describe(self) -> str:
        return " or ".join(repr(value) for value in self.values)


def checks(*clause_ids: str) -> Callable[[Callable], Callable]:
    """Declare the clauses a step's comparisons can check; the scenario's tags pick those it checks."""

    def declare(step_function: Callable) -> Callable:
        setattr(step_function, CHECKED_CLAUSES, tuple(clause_ids))
        return step_function

    return declare


def declared_clauses(step_function: Callable | None) -> tuple[str, ...]:
    return getattr(step_function, CHECKED_CLAUSES, ())


class ScenarioChecks:
    """The checks of one scenario, in the order they were made; the `check` fixture is this object."""

    def __init__(self, scenario_clauses: frozenset[str], limits: dict[str, tuple[str, ...]] | None = None) -> None:
        self.scenario_clauses = scenario_clauses
        self.limits = limits or {}  # clause -> the sides of its limits this scenario checks, e.g. "below 10"
        self.records: list[dict] = []
        self.step: int | None = None
        self.step_text = ""
        self.step_clauses: tuple[str, ...] = ()

    def start_step(self, index: int, text: str, declared: tuple[str, ...]) -> None:
        self.step, self.step_text, self.step_clauses = index, text, declared

    def resolve(self, candidates: tuple[str, ...]) -> list[str]:
        """The candidates this scenario names; none at all is a wiring fault of the harness."""
        resolved = [clause for clause in candidates if clause in self.scenario_clauses]
        if not resolved:
            raise HarnessFault(
                f"step {self.step_text!r} checks clauses {', '.join(candidates) or '(none declared)'}, "
                f"but the scenario names none of them ({', '.join(sorted(self.scenario_clauses)) or 'no clause'}); "
                "add the right @clause tag to the scenario or the clause to the step's @checks"
            )
        return resolved

    def __call__(self, what: str, expected: Any, actual: Any, *, clauses: tuple[str, ...] | None = None) -> None:
        """Compare `actual` with `expected` (a value or an Expectation); record it; stop the scenario if it fails."""
        expectation = expected if isinstance(expected, Expectation) else Equals(expected)
        passed = expectation.matches(actual)
        record = self.record(
            clauses if clauses is not None else self.step_clauses, what, expectation.describe(), repr(actual), passed
        )
        if not passed:
            raise CheckFailed(record)

    def record(self, candidates: tuple[str, ...], what: str, expected: str, actual: str, passed: bool) -> dict:
        clauses = self.resolve(candidates)
        record = {
            "clauses": clauses,
            "what": what,
            "expected": expected,
            "actual": actual,
            "outcome": "passed" if passed else "failed",
            "step": self.step,
            "limits": sorted({side for clause in clauses for side in self.limits.get(clause, ())}),
        }
        self.records.append(record)
        return record

    def checked(self) -> set[str]:
        return {clause for record in self.records for clause in record["clauses"]}


CHECKS = pytest.StashKey[ScenarioChecks]()  # on a scenario's item: its checks
HARNESS_FAULT = pytest.StashKey[str]()  # on a scenario's item: why the harness, not the target, stopped it
