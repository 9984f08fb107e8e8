"""Activation sessions (QR code and Session ID / Activation Code) and device enrollment."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from ibkey_reference import crypto, ocra, qr
from ibkey_reference.clock import Clock, unix_seconds
from ibkey_reference.server.accounts import User
from ibkey_reference.server.devices import new_serial, user_has_ibkey
from ibkey_reference.server.errors import (
    ActivationCodeUsed,
    ActivationExpired,
    ActivationUnknown,
    UserAlreadyEnrolled,
)
from ibkey_reference.server.settings import ServerSettings
from ibkey_reference.server.store import Store

PLATFORMS = ("ios", "android")


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class ActivationSession:
    code: str
    expires_at: datetime

    @property
    def payload(self) -> qr.ActivationPayload:
        return qr.ActivationPayload(self.code)


@dataclass(frozen=True)
class ActivationRequest:
    """What a phone sends: the code it scanned or was typed, its keys, its PIN hash and push address."""

    code: str
    platform: str
    device_name: str
    signing_public_key: bytes
    transport_public_key: bytes
    pin_hash: bytes
    push_address: str


@dataclass(frozen=True)
class Enrollment:
    username: str
    device_serial: str
    envelope: crypto.SealedEnvelope
    suite: str
    counter: int


class Activations:
    def __init__(self, store: Store, clock: Clock, settings: ServerSettings) -> None:
        self._store = store
        self._clock = clock
        self._lifetime = settings.activation_lifetime

    def start(self, user: User) -> ActivationSession:
        """A fresh single-use code for a user without IB Key; it replaces any code shown before."""
        now = self._clock.now()
        code = qr.new_activation_code()
        with self._store.transaction() as connection:
            if user_has_ibkey(connection, user.id):
                raise UserAlreadyEnrolled()
            connection.execute(
                "UPDATE activation_sessions SET state = 'superseded' WHERE user_id = ? AND state = 'pending'",
                (user.id,),
            )
            expires_at = now + self._lifetime
            connection.execute(
                "INSERT INTO activation_sessions (code_hash, user_id, created_at, expires_at, state) "
                "VALUES (?, ?, ?, ?, 'pending')",
                (_code_hash(code), user.id, unix_seconds(now), unix_seconds(expires_at)),
            )
        return ActivationSession(code, expires_at)

    def activate(self, request: ActivationRequest) -> Enrollment:
        code = qr.normalize_activation_code(request.code)
        if request.platform not in PLATFORMS:
            raise ValueError(f"platform {request.platform!r} is not supported; use one of {PLATFORMS}")
        now = unix_seconds(self._clock.now())
        secret = crypto.random_secret(20)
        crypto.check_public_key(request.signing_public_key, "the signing public key")
        envelope = crypto.seal_for_device(request.transport_public_key, secret, context=code.encode("ascii"))
        failure = None
        with self._store.transaction() as connection:
            session = connection.execute(
                "SELECT s.*, u.username FROM activation_sessions s JOIN users u ON u.id = s.user_id "
                "WHERE code_hash = ?",
                (_code_hash(code),),
            ).fetchone()
            if session is None:
                raise ActivationUnknown()
            if session["state"] == "used":
                raise ActivationCodeUsed()
            if session["state"] == "superseded" or now >= session["expires_at"]:
                raise ActivationExpired()
            connection.execute(
                "UPDATE activation_sessions SET state = 'used', used_at = ? WHERE code_hash = ?",
                (now, _code_hash(code)),
            )
            if user_has_ibkey(connection, session["user_id"]):
                failure = UserAlreadyEnrolled()
            else:
                serial = new_serial(connection, "ibkey")
                connection.execute(
                    "INSERT INTO devices (serial, user_id, kind, platform, name, state, signing_public_key, "
                    "ocra_secret, pin_hash, counter, push_address, push_status, created_at) "
                    "VALUES (?, ?, 'ibkey', ?, ?, 'active', ?, ?, ?, 0, ?, 'active', ?)",
                    (
                        serial, session["user_id"], request.platform, request.device_name,
                        request.signing_public_key, secret, request.pin_hash, request.push_address, now,
                    ),
                )
        if failure is not None:
            raise failure
        return Enrollment(session["username"], serial, envelope, ocra.IBKEY_SUITE, 0)

