"""/sso/Login: the password form, then one view per second-factor step, as the real portal lays it out."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse

from ibkey_reference.portal.routes.common import render, require_csrf, server_of, session_of
from ibkey_reference.server.errors import LoginFailed, ServerError

router = APIRouter(include_in_schema=False)

API_GATEWAY_FORWARD = "22"
# The API gateway answers the end of its login as plain text, which a browser shows inside a <pre>: IBeam and other
# public scripts wait for a <pre> holding these words. The same in every language.
GATEWAY_LOGIN_SUCCEEDS = "Client login succeeds"
# The real page's error element when a second factor fails: IBeam counts a failed login (and stops before a lockout)
# only when that element's text is exactly this word. The message a person reads follows it.
FAILED_SECOND_FACTOR = "failed"
SECOND_FACTOR_STATES = ("choose_factor", "push_wait", "challenge", "passcode", "card")


def _see(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _login_form(request: Request, error: ServerError | None = None, status_code: int = 200):
    error_code = error.code if error else None
    error_status = FAILED_SECOND_FACTOR if error_code == LoginFailed.code else None
    return render(request, "login.html", status_code=status_code, error_code=error_code, error_status=error_status)


def _finish(request: Request, transaction) -> RedirectResponse:
    # A new session id at login, so an id planted or seen before it never becomes a logged-in session.
    sessions = request.app.state.sessions
    before = session_of(request)
    sessions.end(before.id)
    session = request.state.session = sessions.create(lang=before.lang)
    session.forward_to = before.forward_to
    session.username = transaction.username
    session.login_method = transaction.method
    if session.forward_to == API_GATEWAY_FORWARD:
        return _see("/sso/Dispatcher")
    return _see("/portal/home")


@router.get("/")
def root() -> RedirectResponse:
    return _see("/sso/Login")


@router.get("/sso/Login")
def login_page(request: Request, forwardTo: str | None = None):
    session = session_of(request)
    if forwardTo is not None:
        # Only the portal's own numeric destinations: never a URL, so no open redirect.
        session.forward_to = forwardTo if forwardTo.isdigit() else None
    if session.transaction_id is None:
        return _login_form(request)
    try:
        transaction = server_of(request).logins.get(session.transaction_id)
    except ServerError as error:
        session.transaction_id = None
        return _login_form(request, error)
    if transaction.complete:
        return _finish(request, transaction)
    if transaction.state not in SECOND_FACTOR_STATES:
        session.transaction_id = None
        return _login_form(request)
    return render(request, "second_factor.html", transaction=transaction)


@router.post("/sso/Login")
def submit_password(request: Request, username: str = Form(""), password: str = Form(""), csrf_token: str = Form("")):
    require_csrf(request, csrf_token)
    session = session_of(request)
    try:
        transaction = server_of(request).logins.start(username, password, "portal")
    except ServerError as error:
        return _login_form(request, error, status_code=401 if error.code != "account_locked" else 423)
    session.transaction_id = transaction.id
    if transaction.complete:
        return _finish(request, transaction)
    return _see("/sso/Login")


def _second_factor_step(request: Request, csrf_token: str, action) -> RedirectResponse:
    require_csrf(request, csrf_token)
    session = session_of(request)
    if session.transaction_id is None:
        return _see("/sso/Login")
    try:
        action(server_of(request).logins, session.transaction_id)
    except ServerError as error:
        session.transaction_id = None
        return _login_form(request, error, status_code=401)
    return _see("/sso/Login")


@router.post("/sso/Login/device")
def choose_device(request: Request, device: str = Form(""), csrf_token: str = Form("")):
    return _second_factor_step(request, csrf_token, lambda logins, tx: logins.choose(tx, device))


@router.post("/sso/Login/resend")
def resend_notification(request: Request, csrf_token: str = Form("")):
    """'Resend notification': choosing the same IB Key again sends a fresh push."""
    return _second_factor_step(
        request, csrf_token, lambda logins, tx: logins.choose(tx, logins.get(tx).device_serial or "")
    )


@router.post("/sso/Login/challenge")
def request_challenge(request: Request, csrf_token: str = Form("")):
    return _second_factor_step(request, csrf_token, lambda logins, tx: logins.request_challenge(tx))


@router.post("/sso/Login/response")
def submit_response(
    request: Request,
    csrf_token: str = Form(""),
    gold_response: str | None = Form(None, alias="gold-response"),
    temp_response: str | None = Form(None, alias="temp-response"),
    bronze_response: str | None = Form(None, alias="bronze-response"),
):
    def answer(logins, transaction_id):
        if gold_response is not None:
            return logins.answer_challenge(transaction_id, gold_response)
        if temp_response is not None:
            return logins.answer_temporary_passcode(transaction_id, temp_response)
        return logins.answer_security_card(transaction_id, bronze_response or "")

    return _second_factor_step(request, csrf_token, answer)


@router.get("/sso/Login/status")
def login_status(request: Request) -> JSONResponse:
    """Polled by the push-wait view: it moves on by itself once the phone approves."""
    session = session_of(request)
    if session.transaction_id is None:
        return JSONResponse({"state": "none"})
    try:
        transaction = server_of(request).logins.get(session.transaction_id)
    except ServerError:
        return JSONResponse({"state": "none"})
    return JSONResponse({"state": transaction.state, "push_expired": transaction.push_expired})


@router.get("/sso/Dispatcher")
def dispatcher(request: Request):
    if not session_of(request).logged_in:
        return _see("/sso/Login")
    return PlainTextResponse(GATEWAY_LOGIN_SUCCEEDS)


@router.post("/sso/Logout")
def logout(request: Request, csrf_token: str = Form("")):
    require_csrf(request, csrf_token)
    sessions = request.app.state.sessions
    lang = session_of(request).lang
    sessions.end(session_of(request).id)
    request.state.session = sessions.create(lang=lang)
    return _see("/sso/Login")
