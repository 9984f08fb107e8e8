"""The reference IB Key server: a domain layer over SQLite, with no web in it (the portal sits on top)."""

from __future__ import annotations

from pathlib import Path

from ibkey_reference.clock import Clock, SystemClock
from ibkey_reference.server.accounts import Accounts, User
from ibkey_reference.server.activation import ActivationRequest, Activations, ActivationSession, Enrollment
from ibkey_reference.server.devices import Device, find_device, user_has_ibkey
from ibkey_reference.server.lockout import Lockout
from ibkey_reference.server.logins import Logins, LoginTransaction, SecondFactor
from ibkey_reference.server.passcodes import Passcodes, PhysicalDeviceKit, SecurityCard, TemporaryPasscode
from ibkey_reference.server.push import Notification, PushRelay
from ibkey_reference.server.settings import ServerSettings
from ibkey_reference.server.store import Store
from ibkey_reference.server.trading import TradingGateway

__all__ = [
    "ActivationRequest", "ActivationSession", "Device", "Enrollment", "LoginTransaction", "Notification",
    "PhysicalDeviceKit", "ReferenceServer", "SecondFactor", "SecurityCard", "ServerSettings",
    "TemporaryPasscode", "User",
]


class ReferenceServer:
    """Every server-side rule of the seed, wired over one store and one clock."""

    def __init__(self, db_path: str | Path, clock: Clock | None = None, settings: ServerSettings | None = None):
        self.clock = clock or SystemClock()
        self.settings = settings or ServerSettings()
        self.store = Store(db_path)
        self.lockout = Lockout(self.clock, self.settings)
        self.accounts = Accounts(self.store, self.clock, self.settings, self.lockout)
        self.activations = Activations(self.store, self.clock, self.settings)
        self.passcodes = Passcodes(self.store, self.clock, self.settings)
        self.push = PushRelay(self.store, self.clock)
        self.logins = Logins(
            self.store, self.clock, self.settings, self.accounts, self.lockout, self.passcodes, self.push
        )
        # Not listening until started: the portal that serves this server starts and stops it.
        self.trading = TradingGateway(self, self.settings.trading_ports)

    def close(self) -> None:
        self.trading.stop()
        self.store.close()

    def device(self, serial: str) -> Device | None:
        return find_device(self.store.read(), serial)

    def devices_of(self, username: str) -> list[Device]:
        rows = self.store.read().execute(
            "SELECT d.* FROM devices d JOIN users u ON u.id = d.user_id WHERE u.username = ? ORDER BY d.created_at",
            (username,),
        ).fetchall()
        return [Device.from_row(row) for row in rows]

    def has_ibkey(self, username: str) -> bool:
        return user_has_ibkey(self.store.read(), self.accounts.find(username).id)

    def failure_count(self, username: str) -> int:
        return self.lockout.failure_count(self.store.read(), self.accounts.find(username).id)

    def report_push_undeliverable(self, serial: str) -> None:
        """The push provider's feedback that a device's address no longer works (a lost registration)."""
        with self.store.transaction() as connection:
            connection.execute("UPDATE devices SET push_status = 'lost' WHERE serial = ?", (serial,))
