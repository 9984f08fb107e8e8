"""The JSON login API and the phone's device API as raw HTTP calls, and a way to send many of them at once."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx

from ibkey_reference import crypto, ocra

LOGINS = "/api/v1/logins"
ACTIVATIONS = "/api/v1/activations"
# Why an approval is refused, as the server words it
NOT_WAITING = "The approval was refused: this login is not waiting for an approval (already approved or ended)."
NOT_VERIFIED = "The approval was refused: the signature does not verify with this device's key."

Outcome = tuple[int, str]


def outcome(response: httpx.Response) -> Outcome:
    """(status, error code) of a refusal, (status, login state) of a success: what the tests compare."""
    try:
        body = response.json()
    except ValueError:  # an unhandled server error is plain text
        return response.status_code, response.text[:200]
    return response.status_code, body["error"]["code"] if "error" in body else body.get("state", "accepted")


def tally(responses: Iterable[httpx.Response]) -> Counter[Outcome]:
    return Counter(outcome(response) for response in responses)


def refusal_messages(responses: Iterable[httpx.Response]) -> set[str]:
    return {response.json()["error"]["message"] for response in responses if not response.is_success}


def server_errors(responses: Iterable[httpx.Response]) -> list[Outcome]:
    return [outcome(response) for response in responses if response.status_code >= 500]


def all_at_once(calls: Sequence[Callable[[], httpx.Response]]) -> list[httpx.Response]:
    """Make every call from its own thread, all released by one barrier; the responses in the order of `calls`."""
    barrier = threading.Barrier(len(calls), timeout=30)

    def call_when_all_are_ready(call: Callable[[], httpx.Response]) -> httpx.Response:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(call_when_all_are_ready, calls))


def activation_request(code: str) -> dict:
    """What a phone with fresh keys posts to enroll with `code`."""
    return {
        "code": code,
        "platform": "ios",
        "device_name": "iPhone",
        "signing_public_key": crypto.b64e(crypto.DeviceSigningKey.generate().public_bytes()),
        "transport_public_key": crypto.b64e(crypto.TransportKey.generate().public_bytes()),
        "pin_hash": ocra.pin_hash("1234").hex(),
        "push_address": crypto.random_token(16),
    }


@dataclass(frozen=True)
class LoginApi:
    """One client's calls; an httpx.Client may be shared between threads, each call getting its own connection."""

    http: httpx.Client

    def start(self, username: str, password: str) -> httpx.Response:
        return self.http.post(LOGINS, json={"username": username, "password": password})

    def challenge(self, transaction_id: str) -> httpx.Response:
        return self.http.post(f"{LOGINS}/{transaction_id}/challenge")

    def respond(self, transaction_id: str, answer: str) -> httpx.Response:
        return self.http.post(f"{LOGINS}/{transaction_id}/response", json={"answer": answer})

    def temporary_passcode(self, transaction_id: str, answer: str) -> httpx.Response:
        return self.http.post(f"{LOGINS}/{transaction_id}/temporary-passcode", json={"answer": answer})

    def security_card(self, transaction_id: str, answer: str) -> httpx.Response:
        return self.http.post(f"{LOGINS}/{transaction_id}/security-card", json={"answer": answer})

    def approve(self, transaction_id: str, device_serial: str, signature: bytes) -> httpx.Response:
        return self.http.post(
            f"{LOGINS}/{transaction_id}/approval",
            json={"device_serial": device_serial, "signature": crypto.b64e(signature)},
        )

    def activate(self, request: dict) -> httpx.Response:
        return self.http.post(ACTIVATIONS, json=request)

    def started(self, username: str, password: str) -> dict:
        """The password step, which must pass: the login as the API shows it."""
        return _accepted(self.start(username, password), 201)

    def at_challenge(self, username: str, password: str) -> dict:
        """A login switched to challenge/response ("click here if you didn't receive the notification")."""
        return _accepted(self.challenge(self.started(username, password)["transaction_id"]), 200)


def _accepted(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, f"{response.request.url.path}: {response.status_code} {response.text}"
    return response.json()
