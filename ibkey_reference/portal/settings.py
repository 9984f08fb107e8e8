"""How a portal is assembled: where its database lives, which clock it reads, which language it defaults to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from ibkey_reference.clock import Clock, SystemClock
from ibkey_reference.server.settings import ServerSettings


@dataclass(frozen=True)
class PortalSettings:
    db_path: Path | str
    clock: Clock = field(default_factory=SystemClock)
    server: ServerSettings = field(default_factory=ServerSettings)
    default_lang: str = "en"
    long_poll_seconds: float = 25.0
    secure_cookies: bool = False
    session_idle_timeout: timedelta = timedelta(minutes=30)  # a login unused this long is over
    session_lifetime: timedelta = timedelta(hours=12)  # and any login this old, however busy
    control_api: bool = False  # the test control API (routes/control_api.py): for conformance harnesses only


# How long the HTTP server keeps an idle connection: longer than clients keep theirs (Node's fetch 4 s, httpx 5 s),
# so the client closes first and never sends a request on a socket the server is closing.
IDLE_CONNECTION_SECONDS = 75
