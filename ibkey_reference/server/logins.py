"""Login transactions: the password step, then the second factor chosen among the user's SLS devices."""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from ibkey_reference import crypto, ocra
from ibkey_reference.clock import Clock, unix_seconds
from ibkey_reference.server.accounts import Accounts
from ibkey_reference.server.devices import Device, active_devices, find_device
from ibkey_reference.server.errors import (
    ApprovalRejected,
    LoginFailed,
    NoActiveSecurityDevice,
    NotAvailableOnTradingPlatform,
    SecurityCardExpired,
    TemporaryPasscodeExpired,
    TransactionExpired,
    TransactionNotFound,
    WrongStep,
)
from ibkey_reference.server.lockout import Lockout
from ibkey_reference.server.passcodes import CARD_POSITIONS_PER_LOGIN, Passcodes
from ibkey_reference.server.push import PushRelay
from ibkey_reference.server.settings import ServerSettings
from ibkey_reference.server.store import Store

TEMPORARY_PASSCODE = "temporary_passcode"
SECURITY_CARD = "security_card"


@dataclass(frozen=True)
class SecondFactor:
    key: str  # a device serial, or TEMPORARY_PASSCODE / SECURITY_CARD
    kind: str  # ibkey, physical, temporary_passcode, security_card
    label: str


@dataclass(frozen=True)
class LoginTransaction:
    id: str
    username: str
    platform: str
    state: str  # choose_factor, push_wait, challenge, passcode, card, complete, failed
    factors: tuple[SecondFactor, ...]
    method: str | None
    device_serial: str | None
    challenge: str | None
    card_positions: tuple[str, ...]
    push_expires_at: datetime | None
    push_expired: bool

    @property
    def complete(self) -> bool:
        return self.state == "complete"


def _at(seconds: int | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)


class Logins:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        settings: ServerSettings,
        accounts: Accounts,
        lockout: Lockout,
        passcodes: Passcodes,
        push: PushRelay,
    ) -> None:
        self._store = store
        self._clock = clock
        self._settings = settings
        self._accounts = accounts
        self._lockout = lockout
        self._passcodes = passcodes
        self._push = push

    # -- reading ---------------------------------------------------------------------------------------

    def _now(self) -> int:
        return unix_seconds(self._clock.now())

    def _factors(self, connection: sqlite3.Connection, user_id: int) -> tuple[SecondFactor, ...]:
        factors = [SecondFactor(d.serial, d.kind, d.label) for d in active_devices(connection, user_id, self._now())]
        if self._passcodes.current_temporary_passcode(connection, user_id) is not None:
            factors.append(SecondFactor(TEMPORARY_PASSCODE, TEMPORARY_PASSCODE, "Temporary passcode"))
        if self._passcodes.current_security_card(connection, user_id) is not None:
            factors.append(SecondFactor(SECURITY_CARD, SECURITY_CARD, "Online security card"))
        return tuple(factors)

    def _row(self, connection: sqlite3.Connection, transaction_id: str) -> sqlite3.Row:
        row = connection.execute(
            "SELECT t.*, u.username FROM login_transactions t JOIN users u ON u.id = t.user_id WHERE t.id = ?",
            (transaction_id,),
        ).fetchone()
        if row is None:
            raise TransactionNotFound()
        return row

    def _view(self, connection: sqlite3.Connection, row: sqlite3.Row) -> LoginTransaction:
        push_expires_at = row["push_expires_at"]
        return LoginTransaction(
            id=row["id"],
            username=row["username"],
            platform=row["platform"],
            state=row["state"],
            factors=self._factors(connection, row["user_id"]),
            method=row["method"],
            device_serial=row["device_serial"],
            challenge=row["challenge"],
            card_positions=tuple(json.loads(row["card_positions"] or "[]")),
            push_expires_at=_at(push_expires_at),
            push_expired=push_expires_at is not None and self._now() >= push_expires_at,
        )

    def get(self, transaction_id: str) -> LoginTransaction:
        connection = self._store.read()
        return self._view(connection, self._row(connection, transaction_id))

    # -- the password step -----------------------------------------------------------------------------

    def start(self, username: str, password: str, platform: str = "portal") -> LoginTransaction:
        """Check the password; with no SLS device the login is complete, with one it is chosen already."""
        if platform not in ("portal", "trading"):
            raise ValueError(f"platform {platform!r} is not supported; use 'portal' or 'trading'")
        user = self._accounts.check_password(username, password)
        transaction_id = crypto.random_token(16)
        now = self._now()
        with self._store.transaction() as connection:
            # The password was checked in an earlier transaction: failures since then may have locked the login.
            self._lockout.ensure_unlocked(connection, user.id)
            factors = self._factors(connection, user.id)
            if not factors and connection.execute("SELECT 1 FROM devices WHERE user_id = ?", (user.id,)).fetchone():
                raise NoActiveSecurityDevice()
            state = "choose_factor" if factors else "complete"
            connection.execute(
                "INSERT INTO login_transactions (id, user_id, platform, state, created_at, expires_at, completed_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    transaction_id, user.id, platform, state, now,
                    now + int(self._settings.login_lifetime.total_seconds()),
                    now if state == "complete" else None,
                ),
            )
            if state == "complete":
                self._lockout.reset(connection, user.id)
        if len(factors) == 1:
            return self.choose(transaction_id, factors[0].key)
        return self.get(transaction_id)

    # -- choosing the second factor --------------------------------------------------------------------

    def _open(self, connection: sqlite3.Connection, transaction_id: str, *states: str) -> sqlite3.Row:
        row = self._row(connection, transaction_id)
        if self._now() >= row["expires_at"] and row["state"] not in ("complete", "failed"):
            raise TransactionExpired()
        if row["state"] not in states:
            raise WrongStep("/".join(states), row["state"])
        self._lockout.ensure_unlocked(connection, row["user_id"])
        return row

    def choose(self, transaction_id: str, factor_key: str) -> LoginTransaction:
        """Select a Secure Login System device; IB Key sends the push notification at once."""
        woke = False
        with self._store.transaction() as connection:
            row = self._open(connection, transaction_id, "choose_factor", "push_wait", "challenge", "passcode", "card")
            factor = next((f for f in self._factors(connection, row["user_id"]) if f.key == factor_key), None)
            if factor is None:
                raise WrongStep(f"the second factor {factor_key!r}", row["state"])
            if factor.kind == TEMPORARY_PASSCODE and row["platform"] == "trading":
                raise NotAvailableOnTradingPlatform()
            if factor.kind == "ibkey":
                woke = self._send_push(connection, row, find_device(connection, factor.key))
            elif factor.kind == "physical":
                self._set(connection, transaction_id, state="challenge", method="physical",
                          device_serial=factor.key, challenge=self._new_challenge())
            elif factor.kind == TEMPORARY_PASSCODE:
                self._set(connection, transaction_id, state="passcode", method=TEMPORARY_PASSCODE)
            else:
                positions = secrets.SystemRandom().sample(
                    sorted(json.loads(self._passcodes.current_security_card(connection, row["user_id"])["grid_json"])),
                    CARD_POSITIONS_PER_LOGIN,
                )
                self._set(connection, transaction_id, state="card", method=SECURITY_CARD,
                          card_positions=json.dumps(positions))
        if woke:
            self._push.wake()
        return self.get(transaction_id)

    def _set(self, connection: sqlite3.Connection, transaction_id: str, **columns) -> None:
        assignments = ", ".join(f"{name} = :{name}" for name in columns)
        connection.execute(
            f"UPDATE login_transactions SET {assignments} WHERE id = :id", {**columns, "id": transaction_id}
        )

    def _send_push(self, connection: sqlite3.Connection, row: sqlite3.Row, device: Device) -> bool:
        nonce = crypto.random_token(16)
        expires_at = self._now() + int(self._settings.push_timeout.total_seconds())
        self._set(connection, row["id"], state="push_wait", method="push", device_serial=device.serial,
                  push_nonce=nonce, push_expires_at=expires_at, challenge=None)
        if device.push_status != "active" or not device.push_address:
            return False
        self._push.enqueue(connection, device.push_address, row["id"], {
            "transaction_id": row["id"],
            "nonce": nonce,
            "username": row["username"],
            "platform": row["platform"],
            "device_serial": device.serial,
            "expires_at": expires_at,
        })
        return True

    # -- seamless push ---------------------------------------------------------------------------------

    def approve(self, transaction_id: str, device_serial: str, signature: bytes) -> LoginTransaction:
        """The phone's signed approval: single use, only for the device the push went to, within 3 minutes."""
        with self._store.transaction() as connection:
            row = self._row(connection, transaction_id)
            if row["state"] != "push_wait":
                raise ApprovalRejected("this login is not waiting for an approval (already approved or ended)")
            if row["device_serial"] != device_serial:
                raise ApprovalRejected("the notification was not sent to this device")
            if self._now() >= row["push_expires_at"]:
                raise TransactionExpired("notification")
            if self._now() >= row["expires_at"]:  # choosing IB Key again re-arms the push, not the login
                raise TransactionExpired()
            # As for every other step: a locked login completes nothing (and so cannot reset the lock).
            self._lockout.ensure_unlocked(connection, row["user_id"])
            device = find_device(connection, device_serial)
            if device.state == "suspended":  # a temporary passcode was issued after the push went out
                raise ApprovalRejected("this device is suspended")
            message = crypto.approval_message(transaction_id, row["push_nonce"], row["username"])
            try:
                crypto.verify_signature(device.signing_public_key, message, signature)
            except crypto.CryptoError:
                raise ApprovalRejected("the signature does not verify with this device's key") from None
            self._complete(connection, row)
        return self.get(transaction_id)

    # -- challenge / response --------------------------------------------------------------------------

    def _new_challenge(self) -> str:
        return ocra.new_numeric_challenge(self._settings.challenge_digits)

    def request_challenge(self, transaction_id: str) -> LoginTransaction:
        """'Click here if you didn't receive the notification': a fresh 6-digit challenge for the device."""
        with self._store.transaction() as connection:
            row = self._open(connection, transaction_id, "push_wait", "challenge")
            if row["method"] not in ("push", "challenge"):
                raise WrongStep("a challenge", row["state"])
            self._set(connection, transaction_id, state="challenge", method="challenge",
                      challenge=self._new_challenge(), push_nonce=None)
        return self.get(transaction_id)

    def answer_challenge(self, transaction_id: str, response: str) -> LoginTransaction:
        failed = False
        with self._store.transaction() as connection:
            row = self._open(connection, transaction_id, "challenge")
            device = find_device(connection, row["device_serial"])
            if device.state == "suspended":  # a temporary passcode was issued after the device was chosen
                raise LoginFailed("this device is suspended")
            matched = ocra.verify(
                ocra.IBKEY_SUITE, device.ocra_secret, row["challenge"], response,
                counter=device.counter, window=self._settings.ocra_window, pin_hash=device.pin_hash,
            )
            if matched is None:
                failed = self._fail(connection, row)
            else:
                connection.execute(
                    "UPDATE devices SET counter = ?, push_status = CASE WHEN push_address IS NULL THEN 'none' "
                    "ELSE 'active' END WHERE serial = ?",
                    (matched + 1, device.serial),
                )
                self._complete(connection, row)
        if failed:
            raise LoginFailed()
        return self.get(transaction_id)

    # -- temporary passcode and security card ----------------------------------------------------------

    def answer_temporary_passcode(self, transaction_id: str, typed: str) -> LoginTransaction:
        return self._answer_static(transaction_id, typed, "passcode")

    def answer_security_card(self, transaction_id: str, typed: str) -> LoginTransaction:
        return self._answer_static(transaction_id, typed, "card")

    def _answer_static(self, transaction_id: str, typed: str, state: str) -> LoginTransaction:
        outcome = None
        with self._store.transaction() as connection:
            row = self._open(connection, transaction_id, state)
            if state == "passcode":
                issued = self._passcodes.current_temporary_passcode(connection, row["user_id"])
                if issued is None:  # revoked since this step began: the device was reactivated (problem 10)
                    raise LoginFailed("the temporary passcode is no longer valid")
                expired, correct = TemporaryPasscodeExpired, crypto.verify_password(typed, issued["passcode_hash"])
            else:
                issued = self._passcodes.current_security_card(connection, row["user_id"])
                if issued is None:  # revoked since this step began: the device was reactivated (problem 10)
                    raise LoginFailed("the online security card is no longer valid")
                values = json.loads(issued["grid_json"])
                expected = "".join(values[p] for p in json.loads(row["card_positions"]))
                expired, correct = SecurityCardExpired, crypto.constant_time_equals(typed, expected)
            if self._now() >= issued["expires_at"]:
                self._fail(connection, row, count=False)  # not a guess: retrying must not lock the user out
                outcome = expired()
            elif not correct:
                self._fail(connection, row)
                outcome = LoginFailed()
            else:
                self._complete(connection, row)
        if outcome is not None:
            raise outcome
        return self.get(transaction_id)

    # -- endings ---------------------------------------------------------------------------------------

    def _fail(self, connection: sqlite3.Connection, row: sqlite3.Row, count: bool = True) -> bool:
        """A wrong second factor ends the login and counts toward the lockout."""
        if count:
            self._lockout.record_failure(connection, row["user_id"])
        self._set(connection, row["id"], state="failed", challenge=None, push_nonce=None)
        return True

    def _complete(self, connection: sqlite3.Connection, row: sqlite3.Row) -> None:
        self._set(connection, row["id"], state="complete", challenge=None, push_nonce=None,
                  completed_at=self._now())
        self._lockout.reset(connection, row["user_id"])
