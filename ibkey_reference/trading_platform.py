"""The trading platform's login: reach the gateway on ports 4000/4001, then log in over the login API."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from ibkey_reference.errors import IBKeyError
from ibkey_reference.server.logins import TEMPORARY_PASSCODE
from ibkey_reference.server.trading import connect_trading_platform


class TradingLoginRefused(IBKeyError):
    """The server refused a step of the trading platform's login; `code` is the server's error code."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


@dataclass
class TradingPlatform:
    http: httpx.Client
    gateway_host: str = "127.0.0.1"
    ports: tuple[int, ...] = (4000, 4001)

    def _call(self, path: str, body: dict) -> dict:
        reply = self.http.post(path, json=body)
        if reply.status_code >= 400:
            error = reply.json()["error"]
            raise TradingLoginRefused(error["code"], error["message"])
        return reply.json()

    def log_in(self, username: str, password: str) -> dict:
        """The password step; raises PortsBlocked before any credential leaves the machine."""
        connect_trading_platform(self.gateway_host, self.ports)
        return self._call("/api/v1/logins", {"username": username, "password": password, "platform": "trading"})

    def log_in_with_temporary_passcode(self, username: str, password: str, passcode: str) -> dict:
        login = self.log_in(username, password)
        if login["state"] == "choose_factor":
            login = self._call(f"/api/v1/logins/{login['transaction_id']}/factor", {"factor": TEMPORARY_PASSCODE})
        return self._call(f"/api/v1/logins/{login['transaction_id']}/temporary-passcode", {"answer": passcode})
