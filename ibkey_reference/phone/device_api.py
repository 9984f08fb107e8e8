"""The phone's client for the device API: activation, the push channel and login approvals."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from ibkey_reference import crypto
from ibkey_reference.errors import IBKeyError

API = "/api/v1"
# A long poll holds the request open for `wait` seconds; the transport must outlast it.
POLL_MARGIN_SECONDS = 10.0


class DeviceApiError(IBKeyError):
    """The server refused a device API call; `code` is the server's own error code."""

    code = "device_api_error"

    def __init__(self, code: str, message: str, status: int | None = None) -> None:
        self.code = code
        self.message = message
        self.status = status
        super().__init__(message)


@dataclass(frozen=True)
class ActivationResult:
    username: str
    device_serial: str
    suite: str
    counter: int
    envelope: crypto.SealedEnvelope


@dataclass(frozen=True)
class PushMessage:
    """A login notification as the push channel delivers it."""

    id: int
    transaction_id: str
    nonce: str
    username: str
    platform: str
    device_serial: str
    expires_at: int


@dataclass(frozen=True)
class LoginStart:
    transaction_id: str
    state: str


class DeviceApiClient:
    """Calls the portal's device API over any httpx.Client whose base_url is the portal."""

    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    def activate(
        self,
        *,
        code: str,
        platform: str,
        device_name: str,
        signing_public_key: bytes,
        transport_public_key: bytes,
        pin_hash: bytes,
        push_address: str,
    ) -> ActivationResult:
        """Enroll this phone with an activation code; the OCRA secret comes back sealed."""
        body = self._call("POST", f"{API}/activations", json={
            "code": code,
            "platform": platform,
            "device_name": device_name,
            "signing_public_key": crypto.b64e(signing_public_key),
            "transport_public_key": crypto.b64e(transport_public_key),
            "pin_hash": pin_hash.hex(),
            "push_address": push_address,
        })
        return ActivationResult(
            username=body["username"],
            device_serial=body["device_serial"],
            suite=body["suite"],
            counter=body["counter"],
            envelope=crypto.SealedEnvelope.from_json(body["envelope"]),
        )

    def notifications(self, push_address: str, after: int = 0, wait: float = 0) -> list[PushMessage]:
        """Notifications newer than `after`, holding the request up to `wait` seconds for one."""
        # Only a real long poll overrides the client's timeout (Starlette's TestClient warns on any timeout).
        timeout = {"timeout": wait + POLL_MARGIN_SECONDS} if wait else {}
        body = self._call("GET", f"{API}/push/{push_address}", params={"after": after, "wait": wait}, **timeout)
        return [PushMessage(**{name: item[name] for name in PushMessage.__dataclass_fields__})
                for item in body["notifications"]]

    def approve(self, transaction_id: str, *, device_serial: str, signature: bytes) -> str:
        """Send the signed approval of a push login; returns the login's new state."""
        body = self._call("POST", f"{API}/logins/{transaction_id}/approval", json={
            "device_serial": device_serial,
            "signature": crypto.b64e(signature),
        })
        return body["state"]

    def log_in(self, username: str, password: str) -> LoginStart:
        """IBKR Mobile's own login to the trading platform (the password step)."""
        body = self._call("POST", f"{API}/logins", json={
            "username": username, "password": password, "platform": "trading",
        })
        return LoginStart(body["transaction_id"], body["state"])

    def _call(self, method: str, path: str, **options) -> dict:
        try:
            response = self.http.request(method, path, **options)
        except httpx.TransportError as exc:
            raise DeviceApiError(
                "server_unreachable",
                f"cannot reach the IBKR server at {self.http.base_url} ({type(exc).__name__}); "
                "check the internet connection and try again",
            ) from None
        if response.is_success:
            return response.json()
        raise _error_of(response)


def _error_of(response: httpx.Response) -> DeviceApiError:
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        error = body["error"]
        return DeviceApiError(str(error.get("code")), str(error.get("message")), response.status_code)
    return DeviceApiError(
        "server_error",
        f"HTTP {response.status_code} from {response.request.method} {response.request.url.path}: "
        f"{response.text[:200]}",
        response.status_code,
    )
