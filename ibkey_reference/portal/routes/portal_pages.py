"""After login: the home page with the IB Key banner, and Settings › Security › Secure Login System."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from ibkey_reference import qr
from ibkey_reference.portal.routes.common import render, require_csrf, server_of, session_of
from ibkey_reference.server.errors import UnknownDevice
from ibkey_reference.server.logins import TEMPORARY_PASSCODE
from ibkey_reference.server.passcodes import CARD_COLUMNS, CARD_ROWS

router = APIRouter(include_in_schema=False)


def _login_required(request: Request) -> RedirectResponse | None:
    return None if session_of(request).logged_in else RedirectResponse("/sso/Login", status_code=303)


@router.get("/portal/home")
def home(request: Request):
    if redirect := _login_required(request):
        return redirect
    session = session_of(request)
    server = server_of(request)
    if server.has_ibkey(session.username):
        return render(request, "home.html", activation_code=None)
    if session.activation_code is None:
        # One code per login: logging out and back in is how a person gets a fresh QR code.
        session.activation_code = server.activations.start(server.accounts.find(session.username)).code
    return render(request, "home.html", activation_code=session.activation_code)


@router.get("/portal/ibkey/qr.png")
def activation_qr(request: Request) -> Response:
    session = session_of(request)
    if not session.logged_in or session.activation_code is None:
        return Response(status_code=404)
    png = qr.encode_png(qr.ActivationPayload(session.activation_code), box_size=6)
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})


@router.get("/portal/settings/security")
def security_settings(request: Request, done: str | None = None):
    if redirect := _login_required(request):
        return redirect
    session = session_of(request)
    return render(
        request,
        "security.html",
        devices=server_of(request).devices_of(session.username),
        can_print_card=session.login_method == TEMPORARY_PASSCODE,
        reactivated=done == "reactivated",
    )


@router.post("/portal/settings/security/card")
def print_security_card(request: Request, csrf_token: str = Form("")):
    require_csrf(request, csrf_token)
    if redirect := _login_required(request):
        return redirect
    session = session_of(request)
    if session.login_method != TEMPORARY_PASSCODE:
        return RedirectResponse("/portal/settings/security", status_code=303)
    server = server_of(request)
    card = server.passcodes.print_security_card(server.accounts.find(session.username))
    return render(request, "security_card.html", card=card, columns=CARD_COLUMNS, rows=CARD_ROWS)


@router.post("/portal/settings/security/reactivate")
def reactivate_device(request: Request, serial: str = Form(""), csrf_token: str = Form("")):
    require_csrf(request, csrf_token)
    if redirect := _login_required(request):
        return redirect
    server = server_of(request)
    try:
        server.passcodes.reactivate_device(server.accounts.find(session_of(request).username), serial)
    except UnknownDevice:
        # Back to the device list: the JSON APIs' error body would show a person raw JSON echoing what was posted.
        return RedirectResponse("/portal/settings/security", status_code=303)
    return RedirectResponse("/portal/settings/security?done=reactivated", status_code=303)
