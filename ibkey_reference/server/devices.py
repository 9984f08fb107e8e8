"""Secure Login System devices: IB Key instances on phones and physical devices in the mail."""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass

ACTIVE_AT = "(state = 'active' OR (state = 'in_transit' AND activates_at <= :now))"


@dataclass(frozen=True)
class Device:
    serial: str
    user_id: int
    kind: str
    platform: str
    name: str
    state: str
    signing_public_key: bytes | None
    ocra_secret: bytes
    pin_hash: bytes | None
    counter: int
    push_address: str | None
    push_status: str
    activates_at: int | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Device:
        return cls(**{name: row[name] for name in cls.__dataclass_fields__})

    @property
    def label(self) -> str:
        return "IB Key" if self.kind == "ibkey" else f"Security device {self.serial}"


def new_serial(connection: sqlite3.Connection, kind: str) -> str:
    """A random serial no device has yet: nine digits collide by chance once devices number in the thousands."""
    prefix = "IBK" if kind == "ibkey" else "DSC"
    while True:
        serial = f"{prefix}-{secrets.randbelow(10**9):09d}"
        if connection.execute("SELECT 1 FROM devices WHERE serial = ?", (serial,)).fetchone() is None:
            return serial


def active_devices(connection: sqlite3.Connection, user_id: int, now: int) -> list[Device]:
    rows = connection.execute(
        f"SELECT * FROM devices WHERE user_id = :user AND {ACTIVE_AT} ORDER BY kind, created_at",
        {"user": user_id, "now": now},
    ).fetchall()
    return [Device.from_row(row) for row in rows]


def find_device(connection: sqlite3.Connection, serial: str) -> Device | None:
    row = connection.execute("SELECT * FROM devices WHERE serial = ?", (serial,)).fetchone()
    return Device.from_row(row) if row else None


def user_has_ibkey(connection: sqlite3.Connection, user_id: int) -> bool:
    row = connection.execute(
        "SELECT 1 FROM devices WHERE user_id = ? AND kind = 'ibkey' AND state != 'suspended'", (user_id,)
    ).fetchone()
    return row is not None
