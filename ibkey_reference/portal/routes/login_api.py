"""The login API: the same login transactions as the pages, for the trading platform and for harnesses."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ibkey_reference.portal.routes.common import server_of
from ibkey_reference.portal.routes.schemas import AnswerIn, ErrorBody, FactorIn, LoginIn, LoginOut
from ibkey_reference.server import LoginTransaction

router = APIRouter(prefix="/api/v1/logins", tags=["login"])
ERRORS = {status: {"model": ErrorBody} for status in (400, 401, 403, 404, 409, 410, 422, 423)}


def _out(transaction: LoginTransaction) -> LoginOut:
    return LoginOut(
        transaction_id=transaction.id,
        username=transaction.username,
        platform=transaction.platform,
        state=transaction.state,
        factors=[{"key": f.key, "kind": f.kind, "label": f.label} for f in transaction.factors],
        method=transaction.method,
        device_serial=transaction.device_serial,
        challenge=transaction.challenge,
        card_positions=list(transaction.card_positions),
        push_expired=transaction.push_expired,
    )


@router.post("", response_model=LoginOut, status_code=201, responses=ERRORS)
def start_login(body: LoginIn, request: Request) -> LoginOut:
    """The password step."""
    return _out(server_of(request).logins.start(body.username, body.password, body.platform))


@router.get("/{transaction_id}", response_model=LoginOut, responses=ERRORS)
def login_state(transaction_id: str, request: Request) -> LoginOut:
    return _out(server_of(request).logins.get(transaction_id))


@router.post("/{transaction_id}/factor", response_model=LoginOut, responses=ERRORS)
def choose_factor(transaction_id: str, body: FactorIn, request: Request) -> LoginOut:
    return _out(server_of(request).logins.choose(transaction_id, body.factor))


@router.post("/{transaction_id}/challenge", response_model=LoginOut, responses=ERRORS)
def request_challenge(transaction_id: str, request: Request) -> LoginOut:
    return _out(server_of(request).logins.request_challenge(transaction_id))


@router.post("/{transaction_id}/response", response_model=LoginOut, responses=ERRORS)
def answer_challenge(transaction_id: str, body: AnswerIn, request: Request) -> LoginOut:
    return _out(server_of(request).logins.answer_challenge(transaction_id, body.answer))


@router.post("/{transaction_id}/temporary-passcode", response_model=LoginOut, responses=ERRORS)
def answer_temporary_passcode(transaction_id: str, body: AnswerIn, request: Request) -> LoginOut:
    return _out(server_of(request).logins.answer_temporary_passcode(transaction_id, body.answer))


@router.post("/{transaction_id}/security-card", response_model=LoginOut, responses=ERRORS)
def answer_security_card(transaction_id: str, body: AnswerIn, request: Request) -> LoginOut:
    return _out(server_of(request).logins.answer_security_card(transaction_id, body.answer))
