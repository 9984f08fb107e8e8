"""What every page route needs: the server, the session, the language and the template renderer."""

from __future__ import annotations

from pathlib import Path

from fastapi import HTTPException, Request
from fastapi.templating import Jinja2Templates

from ibkey_reference.portal.i18n import TEXTS, error_text, pick_language
from ibkey_reference.portal.sessions import BrowserSession
from ibkey_reference.server import ReferenceServer

templates = Jinja2Templates(directory=Path(__file__).parent.parent / "templates")


def server_of(request: Request) -> ReferenceServer:
    return request.app.state.server


def session_of(request: Request) -> BrowserSession:
    return request.state.session


def language(request: Request) -> str:
    session = session_of(request)
    requested = request.query_params.get("lang")
    if requested in TEXTS:
        session.lang = requested
    return pick_language(session.lang, request.headers.get("accept-language"), request.app.state.settings.default_lang)


def render(request: Request, template: str, status_code: int = 200, error_code: str | None = None, **context):
    lang = language(request)
    session = session_of(request)
    return templates.TemplateResponse(
        request,
        template,
        {
            "t": TEXTS[lang],
            "lang": lang,
            "other_lang": "en" if lang == "ja" else "ja",
            "csrf_token": session.csrf_token,
            "session": session,
            "error": error_text(error_code, lang) if error_code else None,
            "error_code": error_code,
            **context,
        },
        status_code=status_code,
    )


def require_csrf(request: Request, token: str | None) -> None:
    if not session_of(request).csrf_ok(token):
        raise HTTPException(status_code=403, detail="CSRF token missing or wrong: reload the page and try again.")
