"""What IBKR Mobile keeps for each enrolled user, and how each platform seals the keys in it.

iOS keeps the OCRA secret, the signing key and an internal random PIN in the Keychain, opened only
after Face ID, Touch ID or the passcode. Android seals the secret and the signing key under the PIN
the user created; with a fingerprint enrolled, the signing key is also kept in the Keystore so a
fingerprint can approve a push login.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ibkey_reference import crypto, ocra


@dataclass(frozen=True)
class DeviceKeys:
    """The unsealed keys of one enrollment, held only while one approval or response is made."""

    ocra_secret: bytes
    signing_key: crypto.DeviceSigningKey
    pin_hash: bytes  # the OCRA P input

    def __repr__(self) -> str:
        return "DeviceKeys(<withheld>)"


@dataclass
class Enrollment:
    """One user enrolled on this phone."""

    username: str
    device_serial: str
    suite: str
    counter: int
    sealed_keys: bytes
    keystore_signing_key: bytes | None = None


def _pack(ocra_secret: bytes, signing_key: crypto.DeviceSigningKey, pin: str | None) -> bytes:
    return json.dumps({
        "ocra_secret": crypto.b64e(ocra_secret),
        "signing_key": crypto.b64e(signing_key.to_private_bytes()),
        "pin": pin,
    }).encode("utf-8")


def _unpack(blob: bytes) -> tuple[bytes, crypto.DeviceSigningKey, str | None]:
    bundle = json.loads(blob)
    signing_key = crypto.DeviceSigningKey.from_private_bytes(crypto.b64d(bundle["signing_key"]))
    return crypto.b64d(bundle["ocra_secret"]), signing_key, bundle["pin"]


def seal_in_keychain(
    keychain: crypto.Keychain, serial: str, ocra_secret: bytes, signing_key: crypto.DeviceSigningKey, pin: str
) -> bytes:
    """iOS: the keys and the internal PIN, wrapped by the Keychain."""
    return keychain.seal(_pack(ocra_secret, signing_key, pin), label=f"ibkey:{serial}")


def open_from_keychain(keychain: crypto.Keychain, blob: bytes, *, authenticated: bool) -> DeviceKeys:
    """iOS: the keys, once the security element has been provided (KeychainLocked otherwise)."""
    ocra_secret, signing_key, pin = _unpack(keychain.open(blob, authenticated=authenticated))
    return DeviceKeys(ocra_secret, signing_key, ocra.pin_hash(pin or ""))


def seal_under_pin(
    ocra_secret: bytes, signing_key: crypto.DeviceSigningKey, pin: str, cost: crypto.KdfCost
) -> bytes:
    """Android: the keys sealed under the user's PIN; the PIN itself is not stored."""
    return crypto.seal_with_pin(_pack(ocra_secret, signing_key, None), pin, cost)


def open_under_pin(blob: bytes, pin: str) -> DeviceKeys:
    """Android: the keys, if `pin` is the PIN they were sealed under (WrongPin otherwise)."""
    ocra_secret, signing_key, _ = _unpack(crypto.open_with_pin(blob, pin))
    return DeviceKeys(ocra_secret, signing_key, ocra.pin_hash(pin))


def seal_signing_key_in_keystore(
    keystore: crypto.Keychain, serial: str, signing_key: crypto.DeviceSigningKey
) -> bytes:
    """Android with a fingerprint: the signing key alone, so a fingerprint approves push logins."""
    return keystore.seal(signing_key.to_private_bytes(), label=f"ibkey-push:{serial}")


def open_signing_key_from_keystore(
    keystore: crypto.Keychain, blob: bytes, *, authenticated: bool
) -> crypto.DeviceSigningKey:
    return crypto.DeviceSigningKey.from_private_bytes(keystore.open(blob, authenticated=authenticated))
