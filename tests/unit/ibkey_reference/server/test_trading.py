"""Login problem c: the trading platform needs TCP port 4000 or 4001; with both blocked, no login."""

import socket
import threading

import pytest

from ibkey_reference.server import ServerSettings
from ibkey_reference.server.errors import PortsBlocked
from ibkey_reference.server.trading import TradingGateway, connect_trading_platform

HOST = "127.0.0.1"


@pytest.fixture
def gateway():
    gateway = TradingGateway(HOST, ports=(0, 0)).start()
    yield gateway
    gateway.stop()


def test_the_documented_ports_are_4000_and_4001():
    assert ServerSettings().trading_ports == (4000, 4001)
    assert TradingGateway().requested_ports == (4000, 4001)


def test_the_platform_connects_on_the_first_open_port(gateway):
    first, second = gateway.ports
    assert first != second and 0 not in (first, second)
    assert connect_trading_platform(HOST, (first, second)) == first


def test_with_the_first_port_blocked_the_other_is_used(gateway):
    first, second = gateway.ports
    gateway.block(first)
    assert connect_trading_platform(HOST, (first, second)) == second


def test_with_both_ports_blocked_the_error_names_them(gateway):
    first, second = gateway.ports
    gateway.stop()
    with pytest.raises(PortsBlocked) as caught:
        connect_trading_platform(HOST, (first, second), timeout=1)
    assert caught.value.ports == (first, second)
    assert f"ports {first}/{second} are blocked" in str(caught.value)
    assert caught.value.code == "ports_blocked"


def test_the_message_for_the_documented_ports():
    message = str(PortsBlocked((4000, 4001)))
    assert message.startswith("Cannot reach the trading platform: ports 4000/4001 are blocked.")
    assert "hotels and cafes" in message and "router" in message


def test_a_port_answered_by_something_else_is_skipped(gateway):
    """A port that is open but is not the gateway (a captive portal, say) does not count."""
    with socket.create_server((HOST, 0)) as impostor:
        impostor_port = impostor.getsockname()[1]

        def answer_once() -> None:
            connection, _ = impostor.accept()
            with connection:
                connection.sendall(b"HTTP/1.1 302 Found\r\n\r\n")

        thread = threading.Thread(target=answer_once, daemon=True)
        thread.start()
        open_port = gateway.ports[1]
        assert connect_trading_platform(HOST, (impostor_port, open_port), timeout=2) == open_port
        thread.join(timeout=5)
