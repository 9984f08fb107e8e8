"""Root fixtures: the live portal once per worker, Chromium from Debian, per-scenario data."""

from __future__ import annotations

import httpx
import pytest

from ibkey_conformance.adapters.target import TARGET
from ibkey_conformance.backoffice import Backoffice, InProcessBackoffice, RemotePortal
from ibkey_conformance.browser import chromium_launch_options
from ibkey_conformance.control_client import HttpBackoffice
from ibkey_conformance.live_portal import LivePortal
from ibkey_conformance.pages.selectors import DEFAULT_SELECTORS
from ibkey_conformance.scenario_data import ScenarioData, new_seed

pytest_plugins = [
    "ibkey_conformance.adapters.plugin",
    "ibkey_conformance.checks_plugin",
    "ibkey_conformance.clauses.plugin",
    "steps.accounts",
    "steps.camera",
    "steps.clock",
    "steps.phone",
    "steps.portal",
    "steps.security",
    "steps.trading",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--ibkey-seed", type=int, default=None, help="the run's seed for test data (ibkey-conform run --seed)"
    )
    parser.addoption(
        "--ibkey-browser-endpoint", default=None, help="ws:// address of a Playwright browser server to use"
    )
    parser.addoption(
        "--ibkey-portal-host", default="127.0.0.1", help="address the reference portal listens on and is reached at"
    )


def pytest_configure(config: pytest.Config) -> None:
    """One seed for the run, drawn here when none is given: xdist hands the controller's options to its workers."""
    if config.option.ibkey_seed is None and not hasattr(config, "workerinput"):
        config.option.ibkey_seed = new_seed()


@pytest.fixture(scope="session")
def connect_options(request: pytest.FixtureRequest) -> dict | None:
    """pytest-playwright connects to this browser server, when one is named, instead of launching Chromium."""
    endpoint = request.config.getoption("--ibkey-browser-endpoint")
    return {"endpoint": endpoint} if endpoint else None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, **chromium_launch_options()}


@pytest.fixture
def page(page):
    """pytest-playwright's page, waiting at most 10 s for an element: a loopback portal answers in milliseconds."""
    page.set_default_timeout(10_000)
    return page


@pytest.fixture(scope="session")
def live_portal(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The portal under test: the reference (or a Python server) on loopback, or one reached by URL."""
    target = request.config.stash[TARGET]
    if target.portal_url:
        yield RemotePortal(target.portal_url)
        return
    server_factory = target.load_server_factory()
    database = tmp_path_factory.mktemp("portal") / "ibkey.sqlite3"
    host = request.config.getoption("--ibkey-portal-host")
    with LivePortal(database, server_factory=server_factory, host=host) as portal:
        yield portal


@pytest.fixture(scope="session")
def backoffice(live_portal) -> Backoffice:
    """Client Services' actions and the test clock, for the steps that are not a user's."""
    if isinstance(live_portal, RemotePortal):
        office = HttpBackoffice(live_portal.url)
        yield office
        office.close()
    else:
        yield InProcessBackoffice(live_portal.server, live_portal.clock)


@pytest.fixture(scope="session")
def portal_selectors(request: pytest.FixtureRequest) -> dict[str, str]:
    """The page objects' selectors: the real Client Portal's ids, with the target's selector map over them."""
    return {**DEFAULT_SELECTORS, **request.config.stash[TARGET].portal_selectors}


@pytest.fixture
def phone_http(device_api_url: str):
    """A phone's own connection to the server: no browser cookies, long enough for a long poll."""
    with httpx.Client(base_url=device_api_url) as http:
        yield http


@pytest.fixture
def phone_options(phone_http, authenticator_factory) -> dict:
    """What every phone of a scenario is built with: its connection, and the IB Key core under test."""
    return {"http": phone_http, "authenticator": authenticator_factory}


@pytest.fixture
def notes() -> dict:
    """What the person read off one screen to type into another: a challenge, a response, a QR code's text."""
    return {}


@pytest.fixture
def scenario_data(request: pytest.FixtureRequest) -> ScenarioData:
    data = ScenarioData(request.config.getoption("--ibkey-seed"), request.node.nodeid)
    request.node.user_properties.append(("seed", data.seed))
    return data


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.failed:
        seeds = [value for name, value in item.user_properties if name == "seed"]
        if seeds:
            report.sections.append(("ibkey seed", f"reproduce with: ibkey-conform run --seed {seeds[0]}"))
    return report
