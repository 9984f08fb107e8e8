"""pytest plugin: puts the target's authenticator under IBKR Mobile's screens, and marks what does not apply.

Options (also `ibkey-conform run --config/--authenticator/--authenticator-cmd`): `--ibkey-config FILE`,
`--ibkey-authenticator module:factory`, `--ibkey-authenticator-cmd "CMD"`. Without them the target is the
reference implementation.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ibkey_conformance.adapters.capabilities import missing_capabilities
from ibkey_conformance.adapters.exercised import count_calls, note_target_call
from ibkey_conformance.adapters.target import PORTAL_CAPABILITIES, TARGET, Target, TargetError, load_target

BREAKER_THRESHOLD = 3
# Fixtures a scenario uses only to reach the portal or the server: using one exercises a target that has them.
SERVER_FIXTURES = frozenset({"login_page", "home_page", "security_page", "device_api_url", "trading_platform"})


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ibkey-target", "IB Key implementation under test")
    group.addoption("--ibkey-config", type=Path, default=None, help="a target.toml describing the implementation")
    group.addoption("--ibkey-authenticator", default=None, help="Python authenticator factory, module:factory")
    group.addoption("--ibkey-authenticator-cmd", default=None, help="command of a JSON-lines bridge authenticator")
    group.addoption("--ibkey-server", default=None, help="Python server factory, module:factory or file.py:factory")
    group.addoption("--ibkey-portal-url", default=None, help="a portal (and its server) reached by URL")
    group.addoption("--ibkey-portal-selectors", type=Path, default=None, help="selector map file for that portal")
    group.addoption("--ibkey-server-url", default=None, help="that portal's device API, when elsewhere")
    group.addoption(
        "--ibkey-portal-messages", type=Path, default=None, help="the target's wording of inferred messages"
    )


def pytest_configure(config: pytest.Config) -> None:
    try:
        target = load_target(
            config.getoption("--ibkey-config"),
            config.getoption("--ibkey-authenticator"),
            config.getoption("--ibkey-authenticator-cmd"),
            config.getoption("--ibkey-server"),
            config.getoption("--ibkey-portal-url"),
            config.getoption("--ibkey-portal-selectors"),
            config.getoption("--ibkey-server-url"),
            config.getoption("--ibkey-portal-messages"),
        )
        if target.command:
            target = _with_declared_capabilities(target)
        elif target.factory:
            target = _with_factory_capabilities(target)
    except TargetError as error:
        raise pytest.UsageError(str(error)) from None
    config.stash[TARGET] = target


def _with_factory_capabilities(target: Target) -> Target:
    """A Python factory may say what it can do in a `capabilities` attribute; otherwise it can do everything."""
    declared = getattr(target.load_factory(), "capabilities", None)
    if declared is None:
        return target
    return replace(target, capabilities=frozenset(declared) | PORTAL_CAPABILITIES)


def _with_declared_capabilities(target: Target) -> Target:
    """Ask the bridge process who it is and what it can do (its `hello`), then let it go."""
    from ibkey_conformance.adapters.bridge import BridgeAuthenticator, BridgeError

    try:
        with BridgeAuthenticator(
            list(target.command), platform="ios", server_url="http://127.0.0.1:9", device_name="probe",
            timeout=target.timeout, cwd=target.command_cwd,
        ) as bridge:
            name, capabilities = f"{bridge.name} {bridge.version}".strip(), frozenset(bridge.capabilities)
    except BridgeError as error:
        raise TargetError(f"the authenticator did not start: {error}") from None
    return replace(target, name=name or target.name, capabilities=capabilities | PORTAL_CAPABILITIES)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    expected = config.stash[TARGET].expected_failures
    for item in items:
        name = scenario_name(item)
        if name in expected:
            item.add_marker(pytest.mark.xfail(reason=f"expected failure: {expected[name]}", strict=False))


def pytest_runtest_setup(item: pytest.Item) -> None:
    target = item.config.stash.get(TARGET, None)
    if target is None or scenario_name(item) is None:
        return
    clauses = [marker.args[0] for marker in item.iter_markers("clause")]
    tags = [marker.name for marker in item.iter_markers()]
    missing = missing_capabilities(target.capabilities, tags, clauses)
    if missing:
        pytest.skip(f"not applicable: {target.name} does not declare {', '.join(sorted(missing))}")


def scenario_name(item: pytest.Item) -> str | None:
    """The scenario's name as the report shows it (outline placeholders filled in), or None for a plain test."""
    from pytest_bdd.scenario import scenario_wrapper_template_registry

    template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))
    if template is None:
        return None
    example = item.callspec.params.get("_pytest_bdd_example", {}) if hasattr(item, "callspec") else {}
    return template.render(example).name


class _CircuitBreaker:
    """Counts scenarios in a row whose authenticator process died; past the threshold, no more are started."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.dead_in_a_row = 0
        self.last_failure = ""

    @property
    def open(self) -> bool:
        return self.dead_in_a_row >= self.threshold

    def record(self, failures: list[str]) -> None:
        if failures:
            self.dead_in_a_row += 1
            self.last_failure = failures[-1]
        else:
            self.dead_in_a_row = 0


_breaker = _CircuitBreaker(BREAKER_THRESHOLD)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request: pytest.FixtureRequest):
    result = yield
    target = request.config.stash.get(TARGET, None)
    if fixturedef.argname in SERVER_FIXTURES and target is not None and target.brings_server:
        note_target_call(request.node)
    return result


@pytest.fixture
def device_api_url(request: pytest.FixtureRequest, live_portal) -> str:
    """Where phones reach the server: the portal's own host unless the target names another."""
    return request.config.stash[TARGET].server_url or live_portal.url


@pytest.fixture
def authenticator_factory(request: pytest.FixtureRequest, device_api_url: str):
    """What builds the IB Key core of each IBKR Mobile installed in this scenario (None: the reference's)."""
    target = request.config.stash[TARGET]
    if target.is_reference:
        from ibkey_reference.phone.ibkr_mobile.authenticator import ReferenceAuthenticator

        yield count_calls(ReferenceAuthenticator, request.node)
        return
    if target.factory:
        yield count_calls(target.load_factory(), request.node)
        return
    from ibkey_conformance.adapters.bridge import BridgeAuthenticator, BridgeError

    bridges: list[BridgeAuthenticator] = []
    failures: list[str] = []

    def start(phone) -> BridgeAuthenticator:
        if _breaker.open:
            raise BridgeError(
                f"not started: the authenticator died in {_breaker.dead_in_a_row} scenarios in a row "
                f"(last: {_breaker.last_failure}); the remaining scenarios are not run against it",
                kind="circuit_open",
            )
        try:
            bridge = BridgeAuthenticator(
                list(target.command), platform=phone.platform, server_url=device_api_url, device_name=phone.name,
                timeout=target.timeout, cwd=target.command_cwd,
            )
        except BridgeError as error:
            failures.append(str(error))
            raise
        bridges.append(bridge)
        return bridge

    yield count_calls(start, request.node)
    for bridge in bridges:
        bridge.close()
    failures.extend(str(bridge.failure) for bridge in bridges if bridge.failure is not None)
    if bridges or failures:
        _breaker.record(failures)
