"""The device API the phone uses, and nothing else: activation, the push channel, approvals."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool

from ibkey_reference import crypto
from ibkey_reference.portal.routes.common import server_of
from ibkey_reference.portal.routes.schemas import (
    ActivationIn,
    ActivationOut,
    ApprovalIn,
    ErrorBody,
    NotificationsOut,
    StateOut,
)
from ibkey_reference.server import ActivationRequest

router = APIRouter(prefix="/api/v1", tags=["device"])
ERRORS = {status: {"model": ErrorBody} for status in (400, 404, 409, 410, 422)}
LARGEST_NOTIFICATION_ID = 2**63 - 1  # SQLite's largest INTEGER: a larger `after` cannot even be compared


@router.post("/activations", response_model=ActivationOut, status_code=201, responses=ERRORS)
def activate(body: ActivationIn, request: Request) -> ActivationOut:
    """Enroll a phone with the Session ID / Activation Code; the OCRA secret comes back sealed to it."""
    enrollment = server_of(request).activations.activate(
        ActivationRequest(
            code=body.code,
            platform=body.platform,
            device_name=body.device_name,
            signing_public_key=crypto.b64d(body.signing_public_key, field="signing_public_key"),
            transport_public_key=crypto.b64d(body.transport_public_key, field="transport_public_key"),
            pin_hash=bytes.fromhex(body.pin_hash),
            push_address=body.push_address,
        )
    )
    return ActivationOut(
        username=enrollment.username,
        device_serial=enrollment.device_serial,
        suite=enrollment.suite,
        counter=enrollment.counter,
        envelope=enrollment.envelope.to_json(),
    )


@router.get("/push/{push_address}", response_model=NotificationsOut, responses=ERRORS)
async def notifications(
    push_address: str,
    request: Request,
    after: int = Query(0, ge=0, le=LARGEST_NOTIFICATION_ID, description="Return notifications newer than this id"),
    wait: float = Query(0, ge=0, le=60, description="Seconds to hold the request open while nothing is new"),
) -> NotificationsOut:
    """Long poll: what the push provider would deliver to this address."""
    relay = server_of(request).push
    wait = min(wait, request.app.state.settings.long_poll_seconds)
    found = (
        await run_in_threadpool(relay.wait, push_address, after, wait) if wait else relay.pending(push_address, after)
    )
    return NotificationsOut(notifications=[{"id": n.id, **n.body} for n in found])


@router.post("/logins/{transaction_id}/approval", response_model=StateOut, responses=ERRORS)
def approve(transaction_id: str, body: ApprovalIn, request: Request) -> StateOut:
    """The phone's approval of a push login: an ECDSA signature over the transaction and its nonce."""
    transaction = server_of(request).logins.approve(
        transaction_id, body.device_serial, crypto.b64d(body.signature, field="signature")
    )
    return StateOut(state=transaction.state)
