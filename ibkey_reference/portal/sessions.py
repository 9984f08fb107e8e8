"""Server-side browser sessions behind an HttpOnly, SameSite cookie, each with its CSRF token; logins time out."""

from __future__ import annotations

import hmac
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ibkey_reference.clock import Clock

COOKIE_NAME = "ibkey_portal_session"
SECURITY_HEADERS = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


@dataclass
class BrowserSession:
    id: str
    csrf_token: str
    started_at: datetime
    last_used_at: datetime
    lang: str | None = None
    transaction_id: str | None = None
    forward_to: str | None = None
    username: str | None = None
    login_method: str | None = None
    activation_code: str | None = None

    @property
    def logged_in(self) -> bool:
        return self.username is not None

    def csrf_ok(self, token: str | None) -> bool:
        return token is not None and hmac.compare_digest(token.encode(), self.csrf_token.encode())


class SessionStore:
    """A logged-in session ends after `idle_timeout` without a request, and `lifetime` after the login however busy.

    A session that is not logged in does not time out: it holds no authority (a CSRF token, a language, a login in
    progress that lapses by itself), and a login page left open must still submit.
    """

    def __init__(self, clock: Clock, idle_timeout: timedelta, lifetime: timedelta) -> None:
        self._clock = clock
        self._idle_timeout = idle_timeout
        self._lifetime = lifetime
        self._sessions: dict[str, BrowserSession] = {}
        self._next_sweep = clock.now() + idle_timeout
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many sessions the store holds, ended ones not yet swept out included."""
        return len(self._sessions)

    def _over(self, session: BrowserSession, now: datetime) -> bool:
        return session.logged_in and (
            now - session.last_used_at >= self._idle_timeout or now - session.started_at >= self._lifetime
        )

    def get(self, session_id: str | None) -> BrowserSession | None:
        """The session with this id, now used again; None when there is none or it is over."""
        if not session_id:
            return None
        now = self._clock.now()
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return None
            if self._over(session, now):
                del self._sessions[session_id]
                return None
            session.last_used_at = now
            return session

    def create(self, lang: str | None = None) -> BrowserSession:
        now = self._clock.now()
        session = BrowserSession(secrets.token_urlsafe(24), secrets.token_urlsafe(24), now, now, lang=lang)
        with self._lock:
            if now >= self._next_sweep:  # the ended sessions nobody asks for again
                self._sessions = {key: kept for key, kept in self._sessions.items() if not self._over(kept, now)}
                self._next_sweep = now + self._idle_timeout
            self._sessions[session.id] = session
        return session

    def end(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)


class BrowserSessionMiddleware:
    """Gives each request `request.state.session`; sets the cookie when the session is new or was replaced.

    Plain ASGI rather than `@app.middleware("http")`, whose task group and streams cost about 1 ms of CPU
    per request, a fifth of an API call's time in bench/server_load.py.
    """

    def __init__(self, app: ASGIApp, secure_cookies: bool) -> None:
        self.app = app
        self.secure_cookies = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sessions: SessionStore = scope["app"].state.sessions
        session = sessions.get(HTTPConnection(scope).cookies.get(COOKIE_NAME))
        fresh = session is None
        if fresh:
            session = sessions.create()
        state = scope.setdefault("state", {})  # what routes reach as request.state
        state["session"] = session

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if fresh or state["session"] is not session:
                    headers.append("set-cookie", self._cookie(state["session"].id))
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _cookie(self, session_id: str) -> str:
        carrier = Response()
        carrier.set_cookie(
            COOKIE_NAME, session_id, httponly=True, samesite="lax", secure=self.secure_cookies, path="/"
        )
        return carrier.headers["set-cookie"]
