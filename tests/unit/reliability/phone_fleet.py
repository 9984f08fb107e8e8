"""Customers who activate IB Key on a phone and log in with challenge/response over HTTP, through server crashes,
keeping a ledger of what the server acknowledged."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from ibkey_conformance.control_client import ControlApiUnreachable, HttpBackoffice
from ibkey_reference import crypto
from ibkey_reference.crypto import TEST_COST
from ibkey_reference.phone.device import Phone
from ibkey_reference.phone.device_api import DeviceApiError
from ibkey_reference.phone.ibkr_mobile.authenticator import ReferenceAuthenticator
from tests.unit.reliability.login_api import LoginApi, outcome

PASSWORD = "crash-pw-1"
ANDROID_PIN = "2468"
ATTEMPTS = 30  # per step; every attempt cut off by a kill waits for the restart first
RESTART_WAIT_SECONDS = 30


class InFlight:
    """How many of the phones' requests (device and login API) are on the wire right now."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.count = 0

    @contextmanager
    def request(self) -> Iterator[None]:
        with self._lock:
            self.count += 1
        try:
            yield
        finally:
            with self._lock:
                self.count -= 1


class CountingTransport(httpx.HTTPTransport):
    def __init__(self, in_flight: InFlight) -> None:
        super().__init__()
        self._in_flight = in_flight

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._in_flight.request():
            return super().handle_request(request)


@dataclass
class Customer:
    """A portal user and the IB Key activated for them on their phone."""

    username: str
    authenticator: ReferenceAuthenticator
    pin: str | None  # the Android PIN; None on an iPhone, where Face ID opens the keys
    serial: str = ""

    @property
    def counter(self) -> int:
        return self.authenticator.enrollment(self.username).counter


@dataclass(frozen=True)
class Acknowledged:
    """A copy of the ledger's promises at one moment."""

    activations: dict[str, str]  # username -> device serial
    counters: dict[str, int]  # device serial -> the least counter the server must hold


class Ledger:
    """What the server told the phones it did (which no crash may take back), and what kills cut off."""

    def __init__(self) -> None:
        self._progress = threading.Condition()
        self._finished = False
        self.activations: dict[str, str] = {}
        self.counters: dict[str, int] = {}
        self.logins = 0
        self.unanswered_enrollments: list[str] = []  # committed (the code is used) but the 201 never arrived
        self.logins_cut_off = 0

    @property
    def acknowledged(self) -> int:
        return len(self.activations) + self.logins

    def activation(self, customer: Customer) -> None:
        with self._progress:
            self.activations[customer.username] = customer.serial
            self._progress.notify_all()

    def login(self, serial: str, least_counter: int) -> None:
        with self._progress:
            self.counters[serial] = max(self.counters.get(serial, 0), least_counter)
            self.logins += 1
            self._progress.notify_all()

    def unanswered_enrollment(self, username: str) -> None:
        with self._progress:
            self.unanswered_enrollments.append(username)

    def login_cut_off(self) -> None:
        with self._progress:
            self.logins_cut_off += 1

    def snapshot(self) -> Acknowledged:
        with self._progress:
            return Acknowledged(dict(self.activations), dict(self.counters))

    def wait_until(self, acknowledged: int) -> bool:
        """Block until this many acknowledgements (True), or until the workload has finished (False)."""
        with self._progress:
            self._progress.wait_for(lambda: self.acknowledged >= acknowledged or self._finished)
            return self.acknowledged >= acknowledged

    def finish(self) -> None:
        with self._progress:
            self._finished = True
            self._progress.notify_all()


class FleetDriver:
    """One thread's customers, over its own connections; every step goes on through the server's restarts."""

    def __init__(self, portal_url: str, ledger: Ledger, server_up: threading.Event, in_flight: InFlight) -> None:
        self._http = httpx.Client(base_url=portal_url, transport=CountingTransport(in_flight))
        self._backoffice = HttpBackoffice(portal_url)
        self._logins = LoginApi(self._http)
        self._ledger = ledger
        self._server_up = server_up

    def close(self) -> None:
        self._http.close()
        self._backoffice.close()

    def enroll(self, username: str, platform: str) -> Customer | None:
        """Create the user, start an activation code, activate a phone with it; None if the phone never heard
        that its activation went through."""
        username = self._create_user(username)
        code = self._start_activation(username)
        phone = (
            Phone.ios(name=f"iPhone {username}", http=self._http)
            if platform == "ios"
            else Phone.android(name=f"Android {username}", http=self._http, pin_cost=TEST_COST)
        )
        customer = Customer(username, phone.make_authenticator(), None if platform == "ios" else ANDROID_PIN)
        cut_off = False
        for _ in range(ATTEMPTS):
            try:
                activated = customer.authenticator.activate(
                    code, pin=customer.pin, device_name=phone.name, push_address=crypto.random_token(16)
                )
            except DeviceApiError as refusal:
                if refusal.code == "server_unreachable":
                    cut_off = True
                    self._wait_for_restart()
                    continue
                if refusal.code == "activation_code_used" and cut_off:
                    self._ledger.unanswered_enrollment(username)
                    return None
                raise
            customer.serial = activated.device_serial
            self._ledger.activation(customer)
            return customer
        raise AssertionError(f"the activation of {username} was cut off {ATTEMPTS} times")

    def log_in(self, customer: Customer) -> None:
        """One challenge/response login the server accepts; an attempt cut off by a kill starts over."""
        for _ in range(ATTEMPTS):
            try:
                self._challenge_response(customer)
                return
            except httpx.TransportError:
                self._ledger.login_cut_off()
                self._wait_for_restart()
        raise AssertionError(f"the login of {customer.username} was cut off {ATTEMPTS} times")

    def has_ibkey(self, username: str) -> bool:
        return self._backoffice.has_ibkey(username)

    def _challenge_response(self, customer: Customer) -> None:
        login = self._logins.at_challenge(customer.username, PASSWORD)
        counter = customer.counter
        response = customer.authenticator.respond(customer.username, login["challenge"], pin=customer.pin)
        answered = self._logins.respond(login["transaction_id"], response)
        assert outcome(answered) == (200, "complete"), f"{customer.username}: {answered.text}"
        self._ledger.login(customer.serial, counter + 1)

    def _create_user(self, username: str) -> str:
        """A user the portal said it created; after a cut-off call, under a new name (the first may exist)."""

        def create(attempt: int) -> str:
            name = username if attempt == 0 else f"{username}_{attempt}"
            self._backoffice.create_user(name, PASSWORD)
            return name

        return self._through_restarts(f"creating {username}", create)

    def _start_activation(self, username: str) -> str:
        """An activation code; a code a cut-off call may have started is superseded by the next."""
        return self._through_restarts(
            f"starting the activation of {username}", lambda _: self._backoffice.start_activation(username)
        )

    def _through_restarts(self, what: str, control_call: Callable[[int], str]) -> str:
        """The answer to a control call, called again (with the attempt's number) while kills cut it off."""
        for attempt in range(ATTEMPTS):
            try:
                return control_call(attempt)
            except ControlApiUnreachable:
                self._wait_for_restart()
        raise AssertionError(f"{what} was cut off {ATTEMPTS} times")

    def _wait_for_restart(self) -> None:
        if not self._server_up.wait(RESTART_WAIT_SECONDS):
            raise AssertionError(f"the portal was not back within {RESTART_WAIT_SECONDS} s")
