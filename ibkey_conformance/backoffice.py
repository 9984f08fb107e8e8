"""Client Services' desk and the test clock: what scenarios do to the server that no user screen does.

In process it calls the reference server directly; against a portal reached by URL it calls that
server's control API (`ibkey_conformance.control_client`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from ibkey_reference.clock import ManualClock
from ibkey_reference.server import PhysicalDeviceKit, ReferenceServer


@dataclass(frozen=True)
class RemotePortal:
    """A portal the harness did not start: only its URL is known; its Backoffice is its control API."""

    url: str


class Backoffice(Protocol):
    def create_user(self, username: str, password: str) -> None: ...

    def start_activation(self, username: str) -> str: ...

    def issue_temporary_passcode(self, username: str) -> str: ...

    def ship_physical_device(self, username: str, pin: str) -> PhysicalDeviceKit: ...

    def reactivate_device(self, username: str, serial: str) -> None: ...

    def has_ibkey(self, username: str) -> bool: ...

    def report_push_undeliverable(self, serial: str) -> None: ...

    def advance_clock(self, duration: timedelta) -> None: ...

    def trading_gateway(self) -> dict[int, tuple[str, int]]: ...


class InProcessBackoffice:
    """The reference server (or a Python server factory's) and its manual clock, called directly."""

    def __init__(self, server: ReferenceServer, clock: ManualClock) -> None:
        self.server = server
        self.clock = clock

    def create_user(self, username: str, password: str) -> None:
        self.server.accounts.create_user(username, password)

    def start_activation(self, username: str) -> str:
        return self.server.activations.start(self.server.accounts.find(username)).code

    def issue_temporary_passcode(self, username: str) -> str:
        return self.server.passcodes.issue_temporary_passcode(self.server.accounts.find(username)).passcode

    def ship_physical_device(self, username: str, pin: str) -> PhysicalDeviceKit:
        return self.server.passcodes.ship_physical_device(self.server.accounts.find(username), pin)

    def reactivate_device(self, username: str, serial: str) -> None:
        self.server.passcodes.reactivate_device(self.server.accounts.find(username), serial)

    def has_ibkey(self, username: str) -> bool:
        return self.server.has_ibkey(username)

    def report_push_undeliverable(self, serial: str) -> None:
        self.server.report_push_undeliverable(serial)

    def advance_clock(self, duration: timedelta) -> None:
        self.clock.advance(duration)

    def trading_gateway(self) -> dict[int, tuple[str, int]]:
        """Each port the server's trading gateway serves, and the (host, port) it listens on for it."""
        return dict(self.server.trading.addresses)
