"""pytest plugin: the `check` fixture, the checks of each scenario, and what stopped a scenario that stopped.

Each scenario gets a ScenarioChecks. A step that fails on a comparison has already recorded it; a step that
could not be carried out at all (the target refused, a page never came) is recorded as a failed check on the
clauses of the check it was leading to, with what the page or phone showed. A fault of the harness itself
(a missing fixture, the browser) is kept apart: it is never the target's failure.
"""

from __future__ import annotations

import pytest

from ibkey_conformance.checks import (
    CHECKS,
    HARNESS_FAULT,
    CheckFailed,
    HarnessFault,
    ScenarioChecks,
    declared_clauses,
)

OBSERVED_LIMIT = 600
# Playwright errors that mean our browser went away, not that the target's page misbehaved.
BROWSER_GONE = ("BrowserType.launch", "BrowserType.connect", "has been closed", "crashed", "Browser closed")


@pytest.fixture
def check(request: pytest.FixtureRequest) -> ScenarioChecks:
    """Compare and record: check(what, expected, actual). Only inside a scenario's steps."""
    try:
        return request.node.stash[CHECKS]
    except KeyError:
        raise HarnessFault("the check fixture is for the steps of a feature scenario") from None


def pytest_bdd_before_scenario(request, feature, scenario) -> None:
    tags = scenario.tags | feature.tags
    clauses = frozenset(tag.removeprefix("clause.") for tag in tags if tag.startswith("clause."))
    request.node.stash[CHECKS] = ScenarioChecks(clauses, limit_sides(request.node, clauses))


def limit_sides(item: pytest.Item, clauses: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """The limit sides a scenario checks (its `@limit.<side>.<value>` tags, Examples rows included), per clause."""
    from ibkey_conformance.clauses import load_catalogue

    tags = {marker.name for marker in item.iter_markers() if marker.name.startswith("limit.")}
    if not tags:
        return {}
    catalogue = load_catalogue()
    return {
        clause_id: tuple(
            side for limit in catalogue.clause(clause_id).limits for tag in sorted(tags)
            if (side := limit.side_tagged(tag))
        )
        for clause_id in clauses & set(catalogue.ids)
    }


def pytest_bdd_before_step(request, feature, scenario, step, step_func) -> None:
    checks = request.node.stash.get(CHECKS, None)
    if checks is not None:
        checks.start_step(_index(scenario, step), step.name, declared_clauses(step_func))


def pytest_bdd_step_error(request, feature, scenario, step, step_func, step_func_args, exception) -> None:
    checks = request.node.stash.get(CHECKS, None)
    if checks is None or isinstance(exception, CheckFailed):
        return
    fault = harness_fault(exception, step_func, step_func_args)
    if fault:
        request.node.stash[HARNESS_FAULT] = fault
        return
    clauses = _leading_to(request, scenario, step, checks)
    try:
        checks.record(
            clauses, f"step {step.keyword} {step.name!r} could be carried out", "the step completes",
            _observed(exception, step_func_args), passed=False,
        )
    except HarnessFault as wiring:
        request.node.stash[HARNESS_FAULT] = str(wiring)


def pytest_bdd_step_func_lookup_error(request, feature, scenario, step, exception) -> None:
    request.node.stash[HARNESS_FAULT] = f"no step definition for {step.keyword} {step.name!r}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    result = yield
    checks = item.stash.get(CHECKS, None)
    if checks is not None and not checks.records:
        item.stash[HARNESS_FAULT] = "the scenario passed without a single check: it proves nothing"
        raise HarnessFault(item.stash[HARNESS_FAULT])
    return result


def harness_fault(exception: BaseException, step_func, step_func_args: dict) -> str | None:
    """Why a step's exception is the harness's own fault, or None when the target is to answer for it."""
    if isinstance(exception, HarnessFault):
        return str(exception)
    message = str(exception).strip().splitlines()[0] if str(exception).strip() else type(exception).__name__
    if type(exception).__module__.startswith("playwright") and any(mark in message for mark in BROWSER_GONE):
        return f"the browser failed: {message}"
    needed = step_func.__code__.co_argcount if hasattr(step_func, "__code__") else 0
    if needed and not step_func_args:
        return f"the step's set-up failed before the step ran: {type(exception).__name__}: {message}"
    return None


def _index(scenario, step) -> int:
    return next(index for index, candidate in enumerate(scenario.steps) if candidate is step)


def _leading_to(request, scenario, step, checks: ScenarioChecks) -> tuple[str, ...]:
    """The clauses of the check this step was leading to: its own, or those of the next Then-step."""
    own = declared_clauses_in(checks, checks.step_clauses)
    if own:
        return own
    from pytest_bdd.scenario import get_step_function

    for later in scenario.steps[_index(scenario, step) + 1:]:
        if later.type != "then":
            continue
        context = get_step_function(request, later)
        found = declared_clauses_in(checks, declared_clauses(context.step_func if context else None))
        if found:
            return found
    return tuple(sorted(checks.scenario_clauses))


def declared_clauses_in(checks: ScenarioChecks, candidates: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(clause for clause in candidates if clause in checks.scenario_clauses)


def _observed(exception: BaseException, step_func_args: dict) -> str:
    """What stopped the step, and what the page or the phone showed at that moment."""
    message = " ".join(str(exception).split()) or type(exception).__name__
    seen = [message]
    for value in step_func_args.values():
        observe = getattr(value, "observed", None)
        if callable(observe):
            try:
                seen.append(observe())
            except Exception as error:  # the page itself may be gone; say so rather than hide the step's error
                seen.append(f"(could not read what was shown: {type(error).__name__})")
    return "; ".join(part for part in seen if part)[:OBSERVED_LIMIT]
