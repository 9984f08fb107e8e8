"""Server-side browser sessions behind an HttpOnly, SameSite cookie, each with its CSRF token."""

from __future__ import annotations

import hmac
import secrets
import threading
from dataclasses import dataclass

COOKIE_NAME = "ibkey_portal_session"


@dataclass
class BrowserSession:
    id: str
    csrf_token: str
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
    def __init__(self) -> None:
        self._sessions: dict[str, BrowserSession] = {}
        self._lock = threading.Lock()

    def get(self, session_id: str | None) -> BrowserSession | None:
        if not session_id:
            return None
        with self._lock:
            return self._sessions.get(session_id)

    def create(self, lang: str | None = None) -> BrowserSession:
        session = BrowserSession(secrets.token_urlsafe(24), secrets.token_urlsafe(24), lang=lang)
        with self._lock:
            self._sessions[session.id] = session
        return session

    def end(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)
