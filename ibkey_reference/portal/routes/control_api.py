"""The test control API: Client Services' actions and the manual clock, for a conformance harness.

Mounted only when the portal is started with it (`ibkey-conform serve --control-api`), and answering only
programs on this machine: it is how a harness drives a portal it reaches by URL, never part of a real deployment.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from ibkey_reference import crypto
from ibkey_reference.clock import ManualClock
from ibkey_reference.errors import IBKeyError
from ibkey_reference.portal.routes.common import server_of

LOOPBACK = frozenset({"127.0.0.1", "::1"})


class ControlForbidden(IBKeyError):
    code = "control_forbidden"


class ClockNotManual(IBKeyError):
    code = "clock_not_manual"


def _harness_only(request: Request) -> None:
    if request.client is None or request.client.host not in LOOPBACK:
        raise ControlForbidden("the control API answers loopback clients only")
    # A browser on this machine is a loopback client too, and any site it visits can make it post a form here
    # (the calls without a body need nothing else); browsers name that site in Origin, harnesses send none.
    if "origin" in request.headers:
        raise ControlForbidden("the control API answers harnesses, not web pages (the request carries an Origin)")


# Every route answers only the harness: the check runs before any route's own code, so none can forget it.
router = APIRouter(
    prefix="/__control__", tags=["control"], include_in_schema=False, dependencies=[Depends(_harness_only)]
)


class NewUser(BaseModel):
    username: str
    password: str


class Shipment(BaseModel):
    pin: str


class ClockStep(BaseModel):
    seconds: float = Field(ge=0)


@router.post("/users", status_code=201)
def create_user(body: NewUser, request: Request) -> dict:
    server_of(request).accounts.create_user(body.username, body.password)
    return {}


@router.post("/users/{username}/activations", status_code=201)
def start_activation(username: str, request: Request) -> dict:
    server = server_of(request)
    return {"code": server.activations.start(server.accounts.find(username)).code}


@router.post("/users/{username}/temporary-passcode", status_code=201)
def issue_temporary_passcode(username: str, request: Request) -> dict:
    server = server_of(request)
    return {"passcode": server.passcodes.issue_temporary_passcode(server.accounts.find(username)).passcode}


@router.post("/users/{username}/physical-device", status_code=201)
def ship_physical_device(username: str, body: Shipment, request: Request) -> dict:
    server = server_of(request)
    kit = server.passcodes.ship_physical_device(server.accounts.find(username), body.pin)
    return {
        "serial": kit.serial,
        "ocra_secret": crypto.b64e(kit.ocra_secret),
        "pin": kit.pin,
        "activates_at": kit.activates_at.isoformat(),
    }


@router.post("/users/{username}/devices/{serial}/reactivation")
def reactivate_device(username: str, serial: str, request: Request) -> dict:
    server = server_of(request)
    server.passcodes.reactivate_device(server.accounts.find(username), serial)
    return {}


@router.get("/users/{username}/ibkey")
def has_ibkey(username: str, request: Request) -> dict:
    return {"active": server_of(request).has_ibkey(username)}


@router.post("/devices/{serial}/push-undeliverable")
def report_push_undeliverable(serial: str, request: Request) -> dict:
    server_of(request).report_push_undeliverable(serial)
    return {}


@router.post("/clock/advance")
def advance_clock(body: ClockStep, request: Request) -> dict:
    clock = server_of(request).clock
    if not isinstance(clock, ManualClock):
        raise ClockNotManual("this portal runs on the system clock; start it with --control-api for a manual one")
    return {"now": clock.advance(timedelta(seconds=body.seconds)).isoformat()}


@router.get("/trading-gateway")
def trading_gateway(request: Request) -> dict:
    """Each port the trading gateway serves and where it listens for it (free ports stand in for them in tests)."""
    addresses = server_of(request).trading.addresses
    return {"ports": {str(port): {"host": host, "port": actual} for port, (host, actual) in addresses.items()}}
