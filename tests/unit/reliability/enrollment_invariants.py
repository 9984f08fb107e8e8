"""What a crash must never leave in the reference's SQLite file, read straight from it (read-only)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from tests.unit.reliability.phone_fleet import Acknowledged

# An activation is one transaction: the code marked used and the device inserted with its keys, both stamped
# with the same instant. Anything else in the file is a half-done enrollment or a login without its effect.
HALF_DONE = {
    "an IB Key device without its keys": (
        "SELECT serial FROM devices WHERE kind = 'ibkey' AND (signing_public_key IS NULL OR pin_hash IS NULL "
        "OR push_address IS NULL OR length(ocra_secret) != 20)"
    ),
    "an IB Key device with no activation code used for it": (
        "SELECT d.serial FROM devices d WHERE d.kind = 'ibkey' AND NOT EXISTS (SELECT 1 FROM activation_sessions s "
        "WHERE s.user_id = d.user_id AND s.state = 'used' AND s.used_at = d.created_at)"
    ),
    "an activation code marked used with no device": (
        "SELECT 'user ' || s.user_id FROM activation_sessions s WHERE s.state = 'used' AND NOT EXISTS "
        "(SELECT 1 FROM devices d WHERE d.user_id = s.user_id AND d.kind = 'ibkey' AND d.created_at = s.used_at)"
    ),
    "a login pointing at a missing device": (
        "SELECT t.id FROM login_transactions t WHERE t.device_serial IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM devices d WHERE d.serial = t.device_serial)"
    ),
    "a device with more accepted responses than counter steps": (
        "SELECT d.serial FROM devices d WHERE d.counter < (SELECT count(*) FROM login_transactions t "
        "WHERE t.device_serial = d.serial AND t.method = 'challenge' AND t.state = 'complete')"
    ),
}


def _read_only(database: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{database}?mode=ro", uri=True)


def half_done(database: Path) -> list[str]:
    """Corruption, dangling references and half-done enrollments or logins, one line each."""
    with closing(_read_only(database)) as connection:
        problems = [f"integrity: {row[0]}" for row in connection.execute("PRAGMA integrity_check") if row[0] != "ok"]
        problems += [f"foreign key: {tuple(row)}" for row in connection.execute("PRAGMA foreign_key_check")]
        for what, query in HALF_DONE.items():
            problems += [f"{what}: {row[0]}" for row in connection.execute(query)]
    return problems


def counters(database: Path) -> dict[str, int]:
    with closing(_read_only(database)) as connection:
        return dict(connection.execute("SELECT serial, counter FROM devices").fetchall())


def lost(database: Path, acknowledged: Acknowledged) -> list[str]:
    """Acknowledged activations that are gone (or not active for their user) and counters that went back."""
    with closing(_read_only(database)) as connection:
        devices = {
            serial: (username, state, counter)
            for serial, username, state, counter in connection.execute(
                "SELECT d.serial, u.username, d.state, d.counter FROM devices d JOIN users u ON u.id = d.user_id"
            )
        }
    problems = [
        f"the acknowledged activation of {username} ({serial}) is {devices.get(serial, 'gone')}"
        for username, serial in acknowledged.activations.items()
        if devices.get(serial, (None, None))[:2] != (username, "active")
    ]
    problems += [
        f"the counter of {serial} went back to {devices[serial][2]} from an acknowledged {least}"
        for serial, least in acknowledged.counters.items()
        if serial in devices and devices[serial][2] < least
    ]
    return problems
