"""The Backoffice of a portal reached by URL: its test control API (`ibkey-conform serve --control-api`)."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx

from ibkey_reference import crypto
from ibkey_reference.errors import IBKeyError
from ibkey_reference.server import PhysicalDeviceKit

PREFIX = "/__control__"


class ControlApiError(IBKeyError):
    """The portal refused a control call, or has no control API."""

    code = "control_api_error"


class ControlApiUnreachable(ControlApiError):
    """No answer from the portal (down, restarting, or gone mid-call): a call cut off may or may not have acted."""


class HttpBackoffice:
    """Client Services' actions and the clock over HTTP; same methods as `InProcessBackoffice`."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=timeout)

    def close(self) -> None:
        self.http.close()

    def create_user(self, username: str, password: str) -> None:
        self._call("POST", "/users", {"username": username, "password": password})

    def start_activation(self, username: str) -> str:
        return self._call("POST", f"/users/{username}/activations")["code"]

    def issue_temporary_passcode(self, username: str) -> str:
        return self._call("POST", f"/users/{username}/temporary-passcode")["passcode"]

    def ship_physical_device(self, username: str, pin: str) -> PhysicalDeviceKit:
        kit = self._call("POST", f"/users/{username}/physical-device", {"pin": pin})
        return PhysicalDeviceKit(
            kit["serial"], crypto.b64d(kit["ocra_secret"]), kit["pin"], datetime.fromisoformat(kit["activates_at"])
        )

    def reactivate_device(self, username: str, serial: str) -> None:
        self._call("POST", f"/users/{username}/devices/{serial}/reactivation")

    def has_ibkey(self, username: str) -> bool:
        return self._call("GET", f"/users/{username}/ibkey")["active"]

    def report_push_undeliverable(self, serial: str) -> None:
        self._call("POST", f"/devices/{serial}/push-undeliverable")

    def advance_clock(self, duration: timedelta) -> None:
        self._call("POST", "/clock/advance", {"seconds": duration.total_seconds()})

    def trading_gateway(self) -> dict[int, tuple[str, int]]:
        ports = self._call("GET", "/trading-gateway")["ports"]
        return {int(port): (where["host"], where["port"]) for port, where in ports.items()}

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        try:
            response = self.http.request(method, PREFIX + path, json=body)
        except httpx.TransportError as error:
            raise ControlApiUnreachable(f"cannot reach the control API at {self.http.base_url}: {error}") from None
        body = response.json() if "json" in response.headers.get("content-type", "") else None
        if response.is_success:
            return body
        error = body.get("error") if isinstance(body, dict) else None
        if response.status_code == 404 and not isinstance(error, dict):
            raise ControlApiError(
                f"{self.http.base_url} has no control API ({method} {PREFIX}{path} is 404); "
                "start the portal with `ibkey-conform serve --control-api`, or use an in-process target"
            )
        error = error if isinstance(error, dict) else {"code": "", "message": response.text[:200]}
        raise ControlApiError(
            f"{method} {PREFIX}{path}: HTTP {response.status_code} {error['code']}: {error['message']}"
        )
