"""Steps at the trading platform: its connection on ports 4000/4001 and its login."""

from __future__ import annotations

import httpx
import pytest
from pytest_bdd import given, then, when

from ibkey_conformance.checks import Contains, checks
from ibkey_reference.errors import IBKeyError
from ibkey_reference.server.trading import TradingGateway
from ibkey_reference.trading_platform import TradingPlatform


@pytest.fixture
def trading_gateway():
    """Ephemeral loopback ports stand in for 4000 and 4001, so parallel workers never collide."""
    gateway = TradingGateway("127.0.0.1", (0, 0)).start()
    yield gateway
    gateway.stop()


@pytest.fixture
def trading_platform(live_portal, trading_gateway):
    with httpx.Client(base_url=live_portal.url) as http:
        yield TradingPlatform(http, "127.0.0.1", trading_gateway.ports)


@pytest.fixture
def trading_outcome() -> dict:
    return {}


@given("ports 4000 and 4001 are blocked")
@given("ポート4000/4001がブロックされている")
def _(trading_gateway: TradingGateway) -> None:
    for port in trading_gateway.ports:
        trading_gateway.block(port)


@when("I log in to the trading platform")
@when("取引プラットフォームにログインする")
def _(trading_platform: TradingPlatform, account, trading_outcome: dict) -> None:
    try:
        trading_outcome["login"] = trading_platform.log_in(account.username, account.password)
    except IBKeyError as error:
        trading_outcome["error"] = error


@when("I log in to the trading platform with the temporary passcode")
@when("テンポラリー・パスコードで取引プラットフォームにログインする")
def _(trading_platform: TradingPlatform, account, trading_outcome: dict) -> None:
    try:
        trading_outcome["login"] = trading_platform.log_in_with_temporary_passcode(
            account.username, account.password, account.temporary_passcode
        )
    except IBKeyError as error:
        trading_outcome["error"] = error


@then("the login fails with an error naming both blocked ports")
@then("ブロックされたポートを示すエラーでログインに失敗する")
@checks("LPC-PORTS")
def _(trading_outcome: dict, trading_platform: TradingPlatform, check) -> None:
    error = trading_outcome.get("error")
    check("the error code of the trading platform login", "ports_blocked", getattr(error, "code", None))
    for port in trading_platform.ports:
        check(f"the error names port {port}", Contains(str(port)), str(error))


@then("the trading platform refuses the temporary passcode")
@then("取引プラットフォームはテンポラリー・パスコードを受け付けない")
@checks("LP9-PORTAL-ONLY")
def _(trading_outcome: dict, check) -> None:
    error = trading_outcome.get("error")
    refusal = "not_available_on_trading_platform"
    check("the error code of the trading platform login", refusal, getattr(error, "code", None))


@then("the trading platform login goes through")
@then("取引プラットフォームにログインできる")
@checks("LPC-PORTS")
def _(trading_outcome: dict, check) -> None:
    check("the error of the trading platform login", None, trading_outcome.get("error"))
    check("the state of the trading platform login", "complete", trading_outcome.get("login", {}).get("state"))
