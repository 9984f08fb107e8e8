"""Login problems 5-10: temporary passcodes, online security cards, physical devices and reactivation."""

from __future__ import annotations

import json
import secrets
import sqlite3
import string
from dataclasses import dataclass
from datetime import datetime

from ibkey_reference import crypto, ocra
from ibkey_reference.clock import Clock, unix_seconds
from ibkey_reference.server.accounts import User
from ibkey_reference.server.devices import ACTIVE_AT, new_serial
from ibkey_reference.server.errors import UnknownDevice
from ibkey_reference.server.settings import ServerSettings
from ibkey_reference.server.store import Store

PASSCODE_ALPHABET = string.ascii_uppercase + string.digits
PASSCODE_LENGTH = 8


def _new_passcode() -> str:
    """Eight uppercase letters and digits, at least one a letter: the uppercase rule always has something to say."""
    while True:
        passcode = "".join(secrets.choice(PASSCODE_ALPHABET) for _ in range(PASSCODE_LENGTH))
        if not passcode.isdigit():
            return passcode
CARD_COLUMNS = "ABCDEFGH"
CARD_ROWS = range(1, 9)
CARD_POSITIONS_PER_LOGIN = 2


@dataclass(frozen=True)
class TemporaryPasscode:
    passcode: str
    expires_at: datetime


@dataclass(frozen=True)
class SecurityCard:
    """A printed grid of three-digit values; a login asks for the values at a few positions."""

    values: dict[str, str]
    expires_at: datetime

    def answer(self, positions: list[str]) -> str:
        return "".join(self.values[position] for position in positions)


@dataclass(frozen=True)
class PhysicalDeviceKit:
    """What arrives in the mail: the device (an OCRA token) and its PIN letter."""

    serial: str
    ocra_secret: bytes
    pin: str
    activates_at: datetime

    def respond(self, challenge: str, counter: int) -> str:
        return ocra.response(ocra.IBKEY_SUITE, self.ocra_secret, challenge, counter=counter, pin=self.pin)


class Passcodes:
    def __init__(self, store: Store, clock: Clock, settings: ServerSettings) -> None:
        self._store = store
        self._clock = clock
        self._settings = settings

    def issue_temporary_passcode(self, user: User) -> TemporaryPasscode:
        """Client Services' action; the user's security devices are suspended until reactivated."""
        now = self._clock.now()
        passcode = _new_passcode()
        expires_at = now + self._settings.temporary_passcode_lifetime
        passcode_hash = crypto.hash_password(passcode, self._settings.password_cost)
        with self._store.transaction() as connection:
            connection.execute(
                "UPDATE temporary_passcodes SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                (unix_seconds(now), user.id),
            )
            connection.execute(
                "INSERT INTO temporary_passcodes (user_id, passcode_hash, issued_at, expires_at) VALUES (?, ?, ?, ?)",
                (user.id, passcode_hash, unix_seconds(now), unix_seconds(expires_at)),
            )
            connection.execute(
                f"UPDATE devices SET state = 'suspended' WHERE user_id = :user AND {ACTIVE_AT}",
                {"user": user.id, "now": unix_seconds(now)},
            )
        return TemporaryPasscode(passcode, expires_at)

    def print_security_card(self, user: User) -> SecurityCard:
        now = self._clock.now()
        values = {f"{column}{row}": f"{secrets.randbelow(1000):03d}" for column in CARD_COLUMNS for row in CARD_ROWS}
        expires_at = now + self._settings.security_card_lifetime
        with self._store.transaction() as connection:
            connection.execute(
                "UPDATE security_cards SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                (unix_seconds(now), user.id),
            )
            connection.execute(
                "INSERT INTO security_cards (user_id, grid_json, issued_at, expires_at) VALUES (?, ?, ?, ?)",
                (user.id, json.dumps(values), unix_seconds(now), unix_seconds(expires_at)),
            )
        return SecurityCard(values, expires_at)

    def ship_physical_device(self, user: User, pin: str) -> PhysicalDeviceKit:
        now = self._clock.now()
        secret = crypto.random_secret(20)
        activates_at = now + self._settings.physical_device_activation_delay
        with self._store.transaction() as connection:
            serial = new_serial(connection, "physical")
            connection.execute(
                "INSERT INTO devices (serial, user_id, kind, platform, name, state, ocra_secret, pin_hash, "
                "counter, push_status, activates_at, created_at) "
                "VALUES (?, ?, 'physical', 'hardware', 'Digital Security Card+', 'in_transit', ?, ?, 0, 'none', ?, ?)",
                (serial, user.id, secret, ocra.pin_hash(pin), unix_seconds(activates_at), unix_seconds(now)),
            )
        return PhysicalDeviceKit(serial, secret, pin, activates_at)

    def reactivate_device(self, user: User, serial: str) -> None:
        """Login problem 10: the device works again; temporary passcodes and security cards stop working."""
        now = unix_seconds(self._clock.now())
        with self._store.transaction() as connection:
            updated = connection.execute(
                "UPDATE devices SET state = 'active' WHERE serial = ? AND user_id = ?", (serial, user.id)
            ).rowcount
            if not updated:
                raise UnknownDevice(serial)
            for table in ("temporary_passcodes", "security_cards"):
                connection.execute(
                    f"UPDATE {table} SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", (now, user.id)
                )

    def current_temporary_passcode(self, connection: sqlite3.Connection, user_id: int) -> sqlite3.Row | None:
        return connection.execute(
            "SELECT * FROM temporary_passcodes WHERE user_id = ? AND revoked_at IS NULL ORDER BY id DESC LIMIT 1",
            (user_id,),
        ).fetchone()

    def current_security_card(self, connection: sqlite3.Connection, user_id: int) -> sqlite3.Row | None:
        return connection.execute(
            "SELECT * FROM security_cards WHERE user_id = ? AND revoked_at IS NULL ORDER BY id DESC LIMIT 1",
            (user_id,),
        ).fetchone()
