"""A reference portal under uvicorn on loopback per test module, its manual clock, users and enrolled phones."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import httpx
import pytest

from ibkey_conformance.live_portal import LivePortal
from tests.unit.ibkey_reference.portal.account import Account
from tests.unit.ibkey_reference.portal.device_double import PhoneDouble
from tests.unit.reliability.login_api import LoginApi

PASSWORD = "reliability-pw-7"
PIN = "2468"


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LivePortal]:
    """One portal per module: every test makes its own users, so moving the shared clock on disturbs none."""
    with LivePortal(tmp_path_factory.mktemp("reliability") / "ibkey.sqlite3") as live_portal:
        yield live_portal


@pytest.fixture
def http(portal: LivePortal) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=portal.url, timeout=30) as client:
        yield client


@pytest.fixture
def api(http: httpx.Client) -> LoginApi:
    return LoginApi(http)


@pytest.fixture
def account(portal: LivePortal) -> Account:
    """A fresh user without a security device, under a name no other test of the module uses."""
    return Account(portal.server.accounts.create_user(f"user_{secrets.token_hex(6)}", PASSWORD), PASSWORD)


@pytest.fixture
def phone(portal: LivePortal, http: httpx.Client, account: Account) -> PhoneDouble:
    """The account's phone, enrolled over the device API with the code the portal's banner shows."""
    return PhoneDouble.enroll(http, portal.server.activations.start(account.user).code, PIN)
