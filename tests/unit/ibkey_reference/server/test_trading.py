"""Login problem c: the server's gateway serves ports 4000 and 4001; the trading platform logs in over either,
and with both blocked it cannot log in."""

import socket
import threading

import httpx
import pytest

from ibkey_reference.server import ServerSettings
from ibkey_reference.server.errors import PortsBlocked
from ibkey_reference.server.trading import GREETING
from ibkey_reference.trading_platform import (
    TradingLoginRefused,
    TradingNetwork,
    TradingPlatform,
    open_trading_session,
    reaches_gateway,
)

from .conftest import PASSWORD

HOST = "127.0.0.1"


@pytest.fixture
def gateway(server):
    gateway = server.trading.start(HOST, ephemeral=True)
    yield gateway
    gateway.stop()


@pytest.fixture
def network(gateway) -> TradingNetwork:
    return TradingNetwork(gateway.addresses)


@pytest.fixture
def platform(network) -> TradingPlatform:
    with httpx.Client(base_url="http://127.0.0.1:9") as http:  # the login API is not needed for the password step
        yield TradingPlatform(http, network)


def test_the_documented_ports_are_4000_and_4001(server):
    assert ServerSettings().trading_ports == (4000, 4001)
    assert server.trading.ports == (4000, 4001)


def test_the_gateway_serves_each_port_on_a_free_port_standing_in_for_it(gateway):
    addresses = gateway.addresses
    assert set(addresses) == {4000, 4001}
    assert len({actual for _, actual in addresses.values()}) == 2 and all(
        host == HOST and actual not in (0, 4000, 4001) for host, actual in addresses.values()
    )


def test_the_gateway_answers_on_both_ports(network):
    assert reaches_gateway(network, 4000) and reaches_gateway(network, 4001)
    assert not reaches_gateway(network, 4002)


def test_the_platform_logs_in_on_the_first_open_port(platform, make_user):
    make_user("alice")
    login = platform.log_in("alice", PASSWORD)
    assert (platform.connected_port, login["platform"], login["state"]) == (4000, "trading", "complete")


def test_with_the_first_port_blocked_the_other_is_used(platform, network, make_user):
    make_user("alice")
    network.block(4000)
    assert platform.log_in("alice", PASSWORD)["state"] == "complete"
    assert platform.connected_port == 4001


def test_with_both_ports_blocked_the_error_names_them(platform, network, make_user):
    make_user("alice")
    network.block(4000, 4001)
    with pytest.raises(PortsBlocked) as caught:
        platform.log_in("alice", PASSWORD)
    assert caught.value.ports == (4000, 4001) and caught.value.code == "ports_blocked"
    assert "ports 4000/4001 are blocked" in str(caught.value)


def test_a_wrong_password_is_refused_by_the_gateway(platform, make_user):
    make_user("alice")
    with pytest.raises(TradingLoginRefused) as caught:
        platform.log_in("alice", "wrong password")
    assert caught.value.code == "invalid_credentials"


def test_a_malformed_request_is_refused(gateway):
    with socket.create_connection(gateway.addresses[4000], timeout=2) as connection:
        reader = connection.makefile("rb")
        assert reader.readline() == GREETING
        connection.sendall(b"not json\n")
        assert b"request_invalid" in reader.readline()


def test_the_login_comes_from_the_servers_current_logins(server, platform, make_user):
    """A service replaced after the server was built (as the mutants do) is the one the gateway uses."""
    make_user("alice")
    calls = []
    original = server.logins.start

    class Spy:
        def start(self, *args):
            calls.append(args)
            return original(*args)

    server.logins = Spy()
    platform.log_in("alice", PASSWORD)
    assert calls == [("alice", PASSWORD, "trading")]


def test_the_message_for_the_documented_ports():
    message = str(PortsBlocked((4000, 4001)))
    assert message.startswith("Cannot reach the trading platform: ports 4000/4001 are blocked.")
    assert "hotels and cafes" in message and "router" in message


def test_a_port_answered_by_something_else_is_skipped(gateway):
    """A port that is open but is not the gateway (a captive portal, say) does not count."""
    with socket.create_server((HOST, 0)) as impostor:

        def answer_once() -> None:
            connection, _ = impostor.accept()
            with connection:
                connection.sendall(b"HTTP/1.1 302 Found\r\n\r\n")

        thread = threading.Thread(target=answer_once, daemon=True)
        thread.start()
        network = TradingNetwork({4000: impostor.getsockname()[:2], 4001: gateway.addresses[4001]})
        port, connection, reader = open_trading_session(network, (4000, 4001), timeout=2)
        with connection, reader:
            assert port == 4001
        thread.join(timeout=5)
