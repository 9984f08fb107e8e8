"""Logins waiting at a given step, so fuzzed requests to /api/v1/logins/{id}/... reach the step's own rules."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ibkey_reference import crypto, ocra
from ibkey_reference.server import ActivationRequest, ReferenceServer
from ibkey_reference.server.logins import SECURITY_CARD

PASSWORD = "fuzz-password-1"
# The login state each step answers in; a temporary passcode suspends IB Key, so those users have only it.
STATES = ("choose_factor", "push_wait", "challenge", "passcode", "card")


@dataclass(frozen=True)
class WaitingLogin:
    transaction_id: str
    push_address: str  # the enrolled phone's address, which holds the login's notification when state is push_wait


class LoginStates:
    """Each call makes a fresh user with IB Key, so a failed or locked login never leaks into the next example."""

    def __init__(self, server: ReferenceServer) -> None:
        self._server = server
        self._numbers = itertools.count(1)

    def login_at(self, state: str) -> WaitingLogin:
        if state not in STATES:
            raise ValueError(f"no way to a login at {state!r}; states: {', '.join(STATES)}")
        server = self._server
        user = server.accounts.create_user(f"fuzz_{next(self._numbers)}", PASSWORD)
        push_address = self._enroll(user)
        if state in ("choose_factor", "passcode", "card"):
            server.passcodes.issue_temporary_passcode(user)
        if state in ("choose_factor", "card"):
            server.passcodes.print_security_card(user)
        # With one factor the login starts at it: push_wait for IB Key, passcode for a temporary passcode.
        transaction_id = server.logins.start(user.username, PASSWORD).id
        if state == "challenge":
            server.logins.request_challenge(transaction_id)
        elif state == "card":
            server.logins.choose(transaction_id, SECURITY_CARD)
        assert server.logins.get(transaction_id).state == state
        return WaitingLogin(transaction_id, push_address)

    def _enroll(self, user) -> str:
        push_address = crypto.random_token(24)
        code = self._server.activations.start(user).code
        self._server.activations.activate(
            ActivationRequest(
                code=code,
                platform="ios",
                device_name="Fuzzing phone",
                signing_public_key=crypto.DeviceSigningKey.generate().public_bytes(),
                transport_public_key=crypto.TransportKey.generate().public_bytes(),
                pin_hash=ocra.pin_hash("1234"),
                push_address=push_address,
            )
        )
        return push_address
