"""create_app(settings) assembles the Client Portal stub: pages, the device API and the login API."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from ibkey_reference.errors import IBKeyError
from ibkey_reference.portal.routes import control_api, device_api, login_api, login_pages, portal_pages
from ibkey_reference.portal.sessions import BrowserSessionMiddleware, SessionStore
from ibkey_reference.portal.settings import PortalSettings
from ibkey_reference.server import ReferenceServer

STATIC = Path(__file__).parent / "static"
API_PREFIX = "/api/"

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
    app.state.sessions = SessionStore(settings.clock, settings.session_idle_timeout, settings.session_lifetime)

    app.add_middleware(BrowserSessionMiddleware, secure_cookies=settings.secure_cookies)

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

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException):
        # FastAPI's own refusals (a body it cannot parse, an unknown path) are ErrorBody on the API as well;
        # the pages keep FastAPI's {"detail": ...}.
        if not request.url.path.startswith(API_PREFIX):
            return await http_exception_handler(request, error)
        code = HTTPStatus(error.status_code).phrase.lower().replace(" ", "_")
        return JSONResponse(
            {"error": {"code": code, "message": str(error.detail)}},
            status_code=error.status_code,
            headers=error.headers,
        )

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(login_pages.router)
    app.include_router(portal_pages.router)
    app.include_router(device_api.router)
    app.include_router(login_api.router)
    if settings.control_api:
        app.include_router(control_api.router)
    return app
