"""Login problem c: the trading platform reaches IBKR over TCP ports 4000/4001; both blocked, no login."""

from __future__ import annotations

import socket
import socketserver
import threading

from ibkey_reference.server.errors import PortsBlocked

GREETING = b"IBKR-TRADING-GATEWAY 1\n"


class _Greeter(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.sendall(GREETING)


class _Listener(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class TradingGateway:
    """Real listening sockets on loopback, one per port; `block` closes one as a firewall would."""

    def __init__(self, host: str = "127.0.0.1", ports: tuple[int, ...] = (4000, 4001)) -> None:
        self.host = host
        self.requested_ports = ports
        self._listeners: dict[int, _Listener] = {}

    def start(self) -> TradingGateway:
        for port in self.requested_ports:
            listener = _Listener((self.host, port), _Greeter)
            self._listeners[listener.server_address[1]] = listener
            threading.Thread(target=listener.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    @property
    def ports(self) -> tuple[int, ...]:
        return tuple(self._listeners)

    def block(self, port: int) -> None:
        listener = self._listeners.pop(port)
        listener.shutdown()
        listener.server_close()

    def stop(self) -> None:
        for port in list(self._listeners):
            self.block(port)


def connect_trading_platform(host: str, ports: tuple[int, ...], timeout: float = 2.0) -> int:
    """Reach the gateway on the first open port; return that port or raise PortsBlocked naming them all."""
    for port in ports:
        try:
            with socket.create_connection((host, port), timeout=timeout) as connection:
                if connection.recv(len(GREETING)) == GREETING:
                    return port
        except OSError:
            continue
    raise PortsBlocked(ports)
