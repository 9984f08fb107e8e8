"""Login problem c: the trading platform reaches IBKR over TCP ports 4000 and 4001, and logs in there.

The server's trading gateway listens on each of its `ports` (the seed's 4000 and 4001). The trading platform
connects, reads the greeting, sends its password step as one JSON line and reads the answer as one JSON line:
the login as `POST /api/v1/logins` answers it, or `{"error": {"code", "message"}}`. The later steps of that
login (a factor, a temporary passcode) go over the login API with its transaction id.

In tests the gateway listens on free loopback ports standing in for its ports (`start(ephemeral=True)`), so
parallel runs never collide; `addresses` says where each of its ports is served.
"""

from __future__ import annotations

import json
import socketserver
import threading
from typing import Any

from ibkey_reference.errors import IBKeyError

GREETING = b"IBKR-TRADING-GATEWAY 1\n"
MAX_REQUEST = 4096


def login_json(transaction) -> dict:
    """A login transaction as the login API and the gateway answer it."""
    return {
        "transaction_id": transaction.id,
        "username": transaction.username,
        "platform": transaction.platform,
        "state": transaction.state,
        "factors": [{"key": f.key, "kind": f.kind, "label": f.label} for f in transaction.factors],
        "method": transaction.method,
        "device_serial": transaction.device_serial,
        "challenge": transaction.challenge,
        "card_positions": list(transaction.card_positions),
        "push_expired": transaction.push_expired,
    }


class _Listener(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    gateway: TradingGateway


class _Session(socketserver.StreamRequestHandler):
    timeout = 10

    def handle(self) -> None:
        self.wfile.write(GREETING)
        line = self.rfile.readline(MAX_REQUEST)
        if not line:
            return
        self.wfile.write(json.dumps(self.server.gateway.answer(line)).encode() + b"\n")


class TradingGateway:
    """The server end of the trading platform's connection: one listening socket per port."""

    def __init__(self, server: Any, ports: tuple[int, ...] = (4000, 4001)) -> None:
        self.server = server  # its `logins` are read at each login, so a replaced service is the one used
        self.ports = tuple(ports)
        self._listeners: dict[int, _Listener] = {}

    def start(self, host: str = "127.0.0.1", *, ephemeral: bool = False) -> TradingGateway:
        """Listen on each port; `ephemeral`: on a free port standing in for it (tests)."""
        for port in self.ports:
            listener = _Listener((host, 0 if ephemeral else port), _Session)
            listener.gateway = self
            self._listeners[port] = listener
            threading.Thread(target=listener.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    @property
    def addresses(self) -> dict[int, tuple[str, int]]:
        """Each port of the gateway and the (host, port) it is served on."""
        return {port: listener.server_address[:2] for port, listener in self._listeners.items()}

    def stop(self) -> None:
        for listener in self._listeners.values():
            listener.shutdown()
            listener.server_close()
        self._listeners.clear()

    def answer(self, line: bytes) -> dict:
        """One password step of the trading platform."""
        try:
            request = json.loads(line)
            username, password = request["username"], request["password"]
            if not (isinstance(username, str) and isinstance(password, str)):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            return {"error": {"code": "request_invalid", "message": 'send {"username": ..., "password": ...}'}}
        try:
            return login_json(self.server.logins.start(username, password, "trading"))
        except IBKeyError as error:
            return {"error": {"code": getattr(error, "code", "error"), "message": str(error)}}
