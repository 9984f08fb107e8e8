"""The trading platform: reach the server's gateway on ports 4000/4001, log in there, go on over the login API."""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass, field

import httpx

from ibkey_reference.errors import IBKeyError
from ibkey_reference.server.errors import PortsBlocked
from ibkey_reference.server.logins import TEMPORARY_PASSCODE
from ibkey_reference.server.trading import GREETING, MAX_REQUEST

DOCUMENTED_PORTS = (4000, 4001)  # seed, login problem c


class TradingLoginRefused(IBKeyError):
    """The server refused a step of the trading platform's login; `code` is the server's error code."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


class TradingNetwork:
    """The network between the trading platform and the gateway: it carries a port to where the gateway serves
    it, unless a firewall (a hotel's, a cafe's) blocks that port."""

    def __init__(self, addresses: dict[int, tuple[str, int]]) -> None:
        self.addresses = dict(addresses)
        self.blocked: set[int] = set()

    def block(self, *ports: int) -> None:
        self.blocked.update(ports)

    def connect(self, port: int, timeout: float) -> socket.socket:
        if port in self.blocked or port not in self.addresses:
            raise ConnectionRefusedError(f"port {port} is blocked or not served")
        return socket.create_connection(self.addresses[port], timeout=timeout)


def open_trading_session(network: TradingNetwork, ports: tuple[int, ...], timeout: float = 2.0):
    """Reach the gateway on the first of `ports` that answers; return (port, connection, reader), or raise
    PortsBlocked naming them all."""
    for port in ports:
        try:
            connection = network.connect(port, timeout)
        except OSError:
            continue
        try:
            reader = connection.makefile("rb")
            if reader.readline(len(GREETING)) == GREETING:
                return port, connection, reader
        except OSError:
            pass
        connection.close()
    raise PortsBlocked(tuple(ports))


def reaches_gateway(network: TradingNetwork, port: int, timeout: float = 2.0) -> bool:
    """Whether the gateway answers on `port`, as seen through the network."""
    try:
        port_used, connection, reader = open_trading_session(network, (port,), timeout)
    except PortsBlocked:
        return False
    with connection, reader:
        return port_used == port


@dataclass
class TradingPlatform:
    """The trading platform on a computer: it dials `ports` in turn (either will do) through `network`."""

    http: httpx.Client
    network: TradingNetwork
    ports: tuple[int, ...] = DOCUMENTED_PORTS
    connected_port: int | None = field(default=None, init=False)

    def _call(self, path: str, body: dict) -> dict:
        reply = self.http.post(path, json=body)
        if reply.status_code >= 400:
            error = reply.json()["error"]
            raise TradingLoginRefused(error["code"], error["message"])
        return reply.json()

    def log_in(self, username: str, password: str) -> dict:
        """The password step, over the gateway; raises PortsBlocked before any credential leaves the machine."""
        port, connection, reader = open_trading_session(self.network, self.ports)
        self.connected_port = port
        with connection, reader:
            connection.sendall(json.dumps({"username": username, "password": password}).encode() + b"\n")
            line = reader.readline(MAX_REQUEST)
        try:
            answer = json.loads(line)
        except ValueError:
            raise TradingLoginRefused(
                "gateway_unreadable", f"the gateway on port {port} answered {line[:80]!r}"
            ) from None
        if "error" in answer:
            raise TradingLoginRefused(answer["error"]["code"], answer["error"]["message"])
        return answer

    def log_in_with_temporary_passcode(self, username: str, password: str, passcode: str) -> dict:
        login = self.log_in(username, password)
        if login["state"] == "choose_factor":
            login = self._call(f"/api/v1/logins/{login['transaction_id']}/factor", {"factor": TEMPORARY_PASSCODE})
        return self._call(f"/api/v1/logins/{login['transaction_id']}/temporary-passcode", {"answer": passcode})
