"""`ibkey-conform serve --control-api` as a process that is killed outright and started again on its database."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.unit.ibkey_conformance.test_serve import _free_port, _get_when_up


class KillablePortal:
    """One served portal on one port and one SQLite file, across any number of SIGKILLs and restarts."""

    def __init__(self, database: Path, logs: Path) -> None:
        self.database = database
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.start_seconds: list[float] = []
        self._logs = logs
        self._process: subprocess.Popen | None = None
        self._starts = 0

    def start(self) -> None:
        """Start the server and return once it answers HTTP."""
        command = [
            sys.executable, "-m", "ibkey_conformance.cli", "serve", "--control-api",
            "--db", str(self.database), "--port", str(self.port),
        ]
        log = self._logs / f"serve-{self._starts}.log"
        self._starts += 1
        began = time.monotonic()
        with log.open("w") as stderr:
            self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            with httpx.Client(base_url=self.url) as probe:
                _get_when_up(probe, "/sso/Login")
        except httpx.ConnectError:
            raise AssertionError(f"the portal did not come up on port {self.port}:\n{log.read_text()}") from None
        self.start_seconds.append(time.monotonic() - began)

    def kill(self) -> None:
        """SIGKILL: no shutdown hook, no pending response, no WAL checkpoint gets to run."""
        self._process.send_signal(signal.SIGKILL)
        self._process.wait(timeout=10)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGINT)
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
