"""Fixtures for the reference server's rules: a manual clock, a fresh store per test, enrolled phones."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

import pytest

from ibkey_reference import crypto, ocra, qr
from ibkey_reference.clock import ManualClock
from ibkey_reference.server import ActivationRequest, Notification, ReferenceServer, ServerSettings, User
from ibkey_reference.server.errors import NoSuchUser

PASSWORD = "correct horse 7"


@dataclass(frozen=True)
class EnrolledDevice:
    """What a phone holds after activation: the OCRA secret it opened and the key that signs approvals."""

    username: str
    serial: str
    ocra_secret: bytes
    signing_key: crypto.DeviceSigningKey
    pin: str
    push_address: str

    def respond(self, challenge: str, counter: int) -> str:
        return ocra.response(ocra.IBKEY_SUITE, self.ocra_secret, challenge, counter=counter, pin=self.pin)

    def sign_approval(self, notification: Notification) -> bytes:
        body = notification.body
        return self.signing_key.sign(
            crypto.approval_message(body["transaction_id"], body["nonce"], body["username"])
        )


@dataclass(frozen=True)
class Phone:
    """The phone's side of an activation: real device keys, its PIN and its push address."""

    signing_key: crypto.DeviceSigningKey = field(default_factory=crypto.DeviceSigningKey.generate)
    transport_key: crypto.TransportKey = field(default_factory=crypto.TransportKey.generate)
    pin: str = "1234"
    push_address: str = field(default_factory=lambda: f"apns:{crypto.random_token(8)}")
    platform: str = "ios"
    device_name: str = "iPhone"

    def request(self, code: str, **changes: object) -> ActivationRequest:
        """The activation request this phone sends for `code`; `changes` override single fields."""
        request = ActivationRequest(
            code=code,
            platform=self.platform,
            device_name=self.device_name,
            signing_public_key=self.signing_key.public_bytes(),
            transport_public_key=self.transport_key.public_bytes(),
            pin_hash=ocra.pin_hash(self.pin),
            push_address=self.push_address,
        )
        return replace(request, **changes)

    def activate(self, server: ReferenceServer, code: str) -> EnrolledDevice:
        """Activate through the server's domain call and open the sealed OCRA secret as the phone does."""
        enrollment = server.activations.activate(self.request(code))
        context = qr.normalize_activation_code(code).encode("ascii")
        secret = self.transport_key.open(enrollment.envelope, context=context)
        return EnrolledDevice(
            enrollment.username, enrollment.device_serial, secret,
            self.signing_key, self.pin, self.push_address,
        )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def settings() -> ServerSettings:
    return ServerSettings(password_cost=crypto.TEST_COST)


@pytest.fixture
def server(tmp_path, clock: ManualClock, settings: ServerSettings) -> Iterator[ReferenceServer]:
    server = ReferenceServer(tmp_path / "ibkey.sqlite3", clock, settings)
    yield server
    server.close()


@pytest.fixture
def make_user(server: ReferenceServer) -> Callable[..., User]:
    """Create a user (password PASSWORD unless given)."""

    def make(username: str, password: str = PASSWORD) -> User:
        return server.accounts.create_user(username, password)

    return make


@pytest.fixture
def make_phone() -> Callable[..., Phone]:
    return Phone


@pytest.fixture
def enroll(server: ReferenceServer) -> Callable[..., EnrolledDevice]:
    """Enroll IB Key for a user (created with PASSWORD if new) from `phone`, or from a fresh phone."""

    def enroll(username: str, phone: Phone | None = None) -> EnrolledDevice:
        try:
            user = server.accounts.find(username)
        except NoSuchUser:
            user = server.accounts.create_user(username, PASSWORD)
        session = server.activations.start(user)
        return (phone or Phone()).activate(server, session.code)

    return enroll
