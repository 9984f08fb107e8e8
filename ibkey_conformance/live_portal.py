"""The reference portal served by uvicorn on a free loopback port, in a background thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import uvicorn

from ibkey_reference.clock import Clock, ManualClock
from ibkey_reference.crypto import TEST_COST
from ibkey_reference.portal.app import create_app
from ibkey_reference.portal.settings import IDLE_CONNECTION_SECONDS, PortalSettings
from ibkey_reference.server import ReferenceServer, ServerSettings

TEST_SERVER_SETTINGS = ServerSettings(password_cost=TEST_COST)


class LivePortal:
    """A real HTTP server around a reference server the harness can also reach directly (clock, staff actions)."""

    def __init__(
        self,
        db_path: Path,
        clock: Clock | None = None,
        settings: ServerSettings = TEST_SERVER_SETTINGS,
        lang: str = "en",
        server_factory: Callable[[Path, Clock, ServerSettings], ReferenceServer] | None = None,
        host: str = "127.0.0.1",
        long_poll_seconds: float = 5.0,
        change_portal: Callable[[PortalSettings], PortalSettings] | None = None,
    ) -> None:
        self.clock = clock or ManualClock()
        portal_settings = PortalSettings(
            db_path=db_path, clock=self.clock, server=settings, default_lang=lang, long_poll_seconds=long_poll_seconds
        )
        if change_portal:  # the zoo's portal mutants
            portal_settings = change_portal(portal_settings)
        self.server = (server_factory or ReferenceServer)(db_path, self.clock, settings)
        self.app = create_app(portal_settings, self.server)
        # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP, and without it
        # every keep-alive response stalls ~40 ms (Nagle against delayed ACK).
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, 0))
        self.port = self._socket.getsockname()[1]
        self.url = f"http://{host}:{self.port}"
        self._uvicorn = uvicorn.Server(
            uvicorn.Config(
                self.app, log_level="warning", access_log=False, timeout_graceful_shutdown=1,
                timeout_keep_alive=IDLE_CONNECTION_SECONDS,
            )
        )
        self._thread = threading.Thread(target=self._uvicorn.run, kwargs={"sockets": [self._socket]}, daemon=True)
        self._host = host

    def start(self, timeout: float = 10.0) -> LivePortal:
        # The server's trading gateway, on free ports standing in for its own (4000/4001), so workers never collide.
        self.server.trading.start(self._host, ephemeral=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._uvicorn.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the portal did not start on {self.url}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._uvicorn.should_exit = True
        self._thread.join(timeout=10)
        self.server.trading.stop()
        self.server.close()

    def __enter__(self) -> LivePortal:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
