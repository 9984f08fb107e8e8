"""create_app(settings) assembles the Client Portal stub: pages, the device API and the login API."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from ibkey_reference.errors import IBKeyError
from ibkey_reference.portal.routes import control_api, device_api, login_api, login_pages, portal_pages
from ibkey_reference.portal.sessions import COOKIE_NAME, SessionStore
from ibkey_reference.portal.settings import PortalSettings
from ibkey_reference.server import ReferenceServer

STATIC = Path(__file__).parent / "static"

HTTP_STATUS = {
    "invalid_credentials": 401,
    "invalid_characters": 400,
    "account_locked": 423,
    "login_failed": 401,
    "temporary_passcode_expired": 401,
    "security_card_expired": 401,
    "not_available_on_trading_platform": 403,
    "transaction_not_found": 404,
    "transaction_expired": 410,
    "wrong_step": 409,
    "unknown_device": 404,
    "approval_rejected": 409,
    "activation_already_enrolled": 409,
    "activation_code_used": 410,
    "activation_code_expired": 410,
    "activation_code_unknown": 404,
    "no_such_user": 404,
    "no_active_security_device": 403,
    "control_forbidden": 403,
    "clock_not_manual": 409,
    "user_exists": 409,
}


def error_response(error: IBKeyError) -> JSONResponse:
    """The device and login APIs' error body: a stable code and a message a person can act on."""
    return JSONResponse(
        {"error": {"code": error.code, "message": str(error)}}, status_code=HTTP_STATUS.get(error.code, 400)
    )


def create_app(settings: PortalSettings, server: ReferenceServer | None = None) -> FastAPI:
    app = FastAPI(
        title="IB Key reference portal",
        version="1",
        description="Client Portal stub and device API of the ibkey-conformance reference implementation.",
    )
    app.state.settings = settings
    app.state.server = server or ReferenceServer(settings.db_path, settings.clock, settings.server)
    app.state.sessions = SessionStore()

    @app.middleware("http")
    async def browser_session(request: Request, call_next):
        sessions: SessionStore = request.app.state.sessions
        session = sessions.get(request.cookies.get(COOKIE_NAME))
        fresh = session is None
        if fresh:
            session = sessions.create()
        request.state.session = session
        response = await call_next(request)
        if fresh or request.state.session is not session:
            response.set_cookie(
                COOKIE_NAME,
                request.state.session.id,
                httponly=True,
                samesite="lax",
                secure=settings.secure_cookies,
                path="/",
            )
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.exception_handler(IBKeyError)
    async def api_error(request: Request, error: IBKeyError) -> JSONResponse:
        return error_response(error)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        # The OpenAPI document promises ErrorBody for 422 too, not FastAPI's default {"detail": [...]}.
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}" for problem in error.errors()
        )
        return JSONResponse(
            {"error": {"code": "request_invalid", "message": f"The request is not valid: {problems}"}},
            status_code=422,
        )

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(login_pages.router)
    app.include_router(portal_pages.router)
    app.include_router(device_api.router)
    app.include_router(login_api.router)
    if settings.control_api:
        app.include_router(control_api.router)
    return app
