"""IB Key's protocol core inside IBKR Mobile: activation, push approvals, responses to challenges.

The app's screens (what the seed documents) drive an `Authenticator`; `ReferenceAuthenticator` is this
repository's. Another implementation plugs in behind the same screens by giving the same five methods.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ibkey_reference import crypto, ocra
from ibkey_reference.phone.ibkr_mobile.enrollments import (
    DeviceKeys,
    Enrollment,
    open_from_keychain,
    open_signing_key_from_keystore,
    open_under_pin,
    seal_in_keychain,
    seal_signing_key_in_keystore,
    seal_under_pin,
)
from ibkey_reference.phone.ibkr_mobile.pin import check_pin

if TYPE_CHECKING:
    from ibkey_reference.phone.device import Phone
    from ibkey_reference.phone.device_api import PushMessage

_INTERNAL_PIN_BYTES = 12


@dataclass(frozen=True)
class Activated:
    username: str
    device_serial: str


class Authenticator(Protocol):
    """What IBKR Mobile's screens need from IB Key.

    `pin` is the Android PIN the user typed; None means the phone's security element (Face ID, Touch ID,
    the passcode or a fingerprint) was provided just before the call. Errors: `InvalidPin` (the PIN rule),
    `crypto.WrongPin`, `DeviceApiError` with the server's code, `NoNetwork`.
    """

    def check_pin(self, pin: str) -> None: ...

    def activate(self, code: str, *, pin: str | None, device_name: str, push_address: str) -> Activated: ...

    def approve(self, message: PushMessage, *, pin: str | None) -> str: ...

    def respond(self, username: str, challenge: str, *, pin: str | None) -> str: ...

    def users(self) -> list[str]: ...


class ReferenceAuthenticator:
    """Keys in the iOS Keychain, or sealed under the Android PIN (and a Keystore copy for the fingerprint)."""

    def __init__(self, phone: Phone) -> None:
        self.phone = phone
        self.enrollments: list[Enrollment] = []

    def check_pin(self, pin: str) -> None:
        check_pin(pin)

    def users(self) -> list[str]:
        return [enrollment.username for enrollment in self.enrollments]

    def enrollment(self, username: str) -> Enrollment:
        """The stored enrollment of `username` (KeyError naming the enrolled users otherwise)."""
        for enrollment in self.enrollments:
            if enrollment.username == username:
                return enrollment
        raise KeyError(f"{username!r} is not enrolled in IB Key on this phone; enrolled: {self.users()}")

    def activate(self, code: str, *, pin: str | None, device_name: str, push_address: str) -> Activated:
        pin = pin if pin is not None else crypto.random_token(_INTERNAL_PIN_BYTES)
        signing_key, transport_key = crypto.DeviceSigningKey.generate(), crypto.TransportKey.generate()
        result = self.phone.device_api().activate(
            code=code,
            platform=self.phone.platform,
            device_name=device_name,
            signing_public_key=signing_key.public_bytes(),
            transport_public_key=transport_key.public_bytes(),
            pin_hash=ocra.pin_hash(pin),
            push_address=push_address,
        )
        ocra_secret = transport_key.open(result.envelope, context=code.encode("ascii"))
        keychain, keystore_copy = self.phone.keychain, None
        if self.phone.platform == "ios":
            sealed = seal_in_keychain(keychain, result.device_serial, ocra_secret, signing_key, pin)
        else:
            sealed = seal_under_pin(ocra_secret, signing_key, pin, self.phone.pin_cost)
            if self.phone.fingerprint:
                keystore_copy = seal_signing_key_in_keystore(keychain, result.device_serial, signing_key)
        self.enrollments.append(
            Enrollment(result.username, result.device_serial, result.suite, result.counter, sealed, keystore_copy)
        )
        return Activated(result.username, result.device_serial)

    def approve(self, message: PushMessage, *, pin: str | None) -> str:
        enrollment = next(e for e in self.enrollments if e.device_serial == message.device_serial)
        if pin is not None:
            signing_key = open_under_pin(enrollment.sealed_keys, pin).signing_key
        elif self.phone.platform == "ios":
            signing_key = self._keychain_keys(enrollment).signing_key
        else:
            signing_key = open_signing_key_from_keystore(
                self.phone.keychain, enrollment.keystore_signing_key, authenticated=True
            )
        signature = signing_key.sign(crypto.approval_message(message.transaction_id, message.nonce, message.username))
        return self.phone.device_api().approve(
            message.transaction_id, device_serial=message.device_serial, signature=signature
        )

    def respond(self, username: str, challenge: str, *, pin: str | None) -> str:
        enrollment = self.enrollment(username)
        keys = open_under_pin(enrollment.sealed_keys, pin) if pin is not None else self._keychain_keys(enrollment)
        answer = ocra.response(
            enrollment.suite, keys.ocra_secret, challenge, counter=enrollment.counter, pin_hash=keys.pin_hash
        )
        enrollment.counter += 1
        return answer

    def _keychain_keys(self, enrollment: Enrollment) -> DeviceKeys:
        return open_from_keychain(self.phone.keychain, enrollment.sealed_keys, authenticated=True)
