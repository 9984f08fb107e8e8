"""Steps at the trading platform: its connection to the target's gateway on ports 4000/4001, and its login.

The gateway is the target server's (`server.trading`); the network between it and the trading platform, with
the firewall that blocks ports, is the harness's. The port numbers checked are the feature text's.
"""

from __future__ import annotations

import re

import httpx
import pytest
from pytest_bdd import given, parsers, then, when

from ibkey_conformance.checks import Contains, checks
from ibkey_reference.errors import IBKeyError
from ibkey_reference.trading_platform import TradingNetwork, TradingPlatform, reaches_gateway


def _ports(text: str) -> tuple[int, ...]:
    """"4000/4001", "4000 and 4001", "4000と4001", "4000" → the port numbers as the feature writes them."""
    return tuple(int(number) for number in re.findall(r"\d+", text))


@pytest.fixture
def trading_network(backoffice) -> TradingNetwork:
    """Where the target's gateway serves each of its ports; nothing blocked until a step says so."""
    return TradingNetwork(backoffice.trading_gateway())


@pytest.fixture
def trading_platform(live_portal, trading_network):
    with httpx.Client(base_url=live_portal.url) as http:
        yield TradingPlatform(http, trading_network)


@pytest.fixture
def trading_outcome() -> dict:
    return {}


@given(parsers.re(r"ports? (?P<ports>\d+(?:(?:/| and )\d+)*) (?:is|are) blocked"))
@given(parsers.re(r"ポート(?P<ports>\d+(?:/\d+)*)がブロックされている"))
def _(trading_network: TradingNetwork, ports: str) -> None:
    trading_network.block(*_ports(ports))


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
def _(trading_outcome: dict, trading_network: TradingNetwork, check) -> None:
    error = trading_outcome.get("error")
    check("the trading platform login", None, trading_outcome.get("login"))
    check("the error code of the trading platform login", "ports_blocked", getattr(error, "code", None))
    for port in sorted(trading_network.blocked):
        check(f"the error names port {port}", Contains(str(port)), str(error))


@then("the trading platform refuses the temporary passcode")
@then("取引プラットフォームはテンポラリー・パスコードを受け付けない")
@checks("LP9-PORTAL-ONLY")
def _(trading_outcome: dict, check) -> None:
    error = trading_outcome.get("error")
    refusal = "not_available_on_trading_platform"
    check("the error code of the trading platform login", refusal, getattr(error, "code", None))


@then(parsers.re(r"the trading platform login goes through on port (?P<port>\d+)"))
@then(parsers.re(r"取引プラットフォームにポート(?P<port>\d+)でログインできる"))
@checks("LPC-PORTS")
def _(trading_outcome: dict, trading_platform: TradingPlatform, port: str, check) -> None:
    check("the error of the trading platform login", None, trading_outcome.get("error"))
    check("the port the trading platform logged in on", int(port), trading_platform.connected_port)
    check("the state of the trading platform login", "complete", trading_outcome.get("login", {}).get("state"))


@then(parsers.re(r"the trading gateway answers on ports? (?P<ports>\d+(?:(?:/| and )\d+)*)"))
@then(parsers.re(r"取引プラットフォームのサーバーはポート(?P<ports>\d+(?:(?:/|と)\d+)*)の両方で応答する"))
@checks("LPC-PORTS")
def _(trading_network: TradingNetwork, ports: str, check) -> None:
    for port in _ports(ports):
        check(f"the target's trading gateway answers on port {port}", True, reaches_gateway(trading_network, port))
