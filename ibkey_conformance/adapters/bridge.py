"""An `Authenticator` in any language: a child process speaking the bridge protocol (see bridge_protocol).

    with BridgeAuthenticator(["node", "authenticator.js"], platform="android",
                             server_url=portal.url, device_name="Test Pixel") as authenticator:
        activated = authenticator.activate(code, pin="a1#4", device_name="Test Pixel", push_address=address)

One process per phone. Every call waits at most `timeout` seconds, except `hello` right after the start,
which waits `start_timeout` (by default the larger of `timeout` and 10 s: runtimes can be slow to start).
A process that hangs, exits or writes something that is not a bridge response is stopped, and that call
and every later one raise `BridgeError`.
The authenticator's refusals come back as the errors IBKR Mobile's screens expect: `InvalidPin`,
`crypto.WrongPin` and `DeviceApiError` with the code the authenticator (usually the server) gave.
PINs never appear in messages or logs: a failing request is described by its method and param names.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import os
import queue
import shlex
import signal
import subprocess
import threading
import weakref
from collections.abc import Sequence
from typing import IO, Any

from ibkey_conformance.adapters import bridge_protocol as protocol
from ibkey_conformance.redaction import MASK
from ibkey_reference.crypto import WrongPin
from ibkey_reference.phone.device_api import DeviceApiError, PushMessage
from ibkey_reference.phone.ibkr_mobile.authenticator import Activated
from ibkey_reference.phone.ibkr_mobile.pin import InvalidPin

logger = logging.getLogger(__name__)

PLATFORMS = ("ios", "android")
STDERR_LINES = 50
STDERR_LINE_CHARS = 500
MAX_LINE_BYTES = 1 << 20
COMMAND_CHARS = 160
START_SECONDS = 10.0
BYE_SECONDS = 2.0
EXIT_SECONDS = 2.0
# PINs shorter than this are not masked inside other text: a 1- or 2-character "PIN" (refused anyway)
# would mask every occurrence of that character.
MIN_MASKED_PIN = 3


class BridgeError(Exception):
    """The authenticator process itself failed.

    `kind`: timeout, crashed (it exited, or could not be started), protocol (it wrote something that is not
    the response asked for), closed (a call after `close()`); the harness adds its own, e.g. circuit_open.
    `method` is the bridge method that was under way, when there was one.
    """

    def __init__(self, message: str, *, kind: str, method: str | None = None) -> None:
        self.kind = kind
        self.method = method
        super().__init__(message)


class BridgeAuthenticator:
    """The `Authenticator` protocol over a child process that speaks the bridge protocol."""

    def __init__(
        self,
        command: str | Sequence[str],
        *,
        platform: str,
        server_url: str,
        device_name: str,
        timeout: float = 10.0,
        start_timeout: float | None = None,
        cwd: str | None = None,
    ) -> None:
        if platform not in PLATFORMS:
            raise ValueError(f"platform {platform!r} is not supported; use one of {PLATFORMS}")
        self.argv = shlex.split(command) if isinstance(command, str) else [str(part) for part in command]
        if not self.argv:
            raise ValueError("the authenticator command is empty; give the program and its arguments")
        self.command_text = command if isinstance(command, str) else shlex.join(self.argv)
        self.platform, self.server_url, self.device_name = platform, server_url, device_name
        self.timeout = timeout
        # Starting a runtime (node, a JVM) can take longer than a call: hello waits at least START_SECONDS.
        self.start_timeout = start_timeout if start_timeout is not None else max(timeout, START_SECONDS)
        self.name = self.version = ""
        self.capabilities: tuple[str, ...] = ()
        self._lock = threading.RLock()
        self._next_id = 0
        self._pins: set[str] = set()
        self._stopped: BridgeError | None = None
        self._stop_reason = ""
        self._stderr: collections.deque[str] = collections.deque(maxlen=STDERR_LINES)
        self._lines: queue.Queue[bytes | None] = queue.Queue()
        try:
            self.process = subprocess.Popen(
                self.argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=cwd,
                start_new_session=True,  # its own process group, so a stop reaches what it started too
            )
        except OSError as error:
            raise BridgeError(
                f"the authenticator {self._quoted} could not be started: {error}", kind="crashed", method="hello"
            ) from None
        self._finalizer = weakref.finalize(self, _kill, self.process)
        self._threads = [
            threading.Thread(target=_pump_lines, args=(self.process.stdout, self._lines), daemon=True),
            threading.Thread(target=_drain_stderr, args=(self.process.stderr, self._stderr), daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        try:
            self._hello()
        except BaseException:
            self.close()
            raise

    # -- the Authenticator protocol -------------------------------------------------------------------------

    def check_pin(self, pin: str) -> None:
        self._call("check_pin", {"pin": pin})

    def activate(self, code: str, *, pin: str | None, device_name: str, push_address: str) -> Activated:
        result = self._call(
            "activate", {"code": code, "pin": pin, "device_name": device_name, "push_address": push_address}
        )
        return Activated(result["username"], result["device_serial"])

    def approve(self, message: PushMessage, *, pin: str | None) -> str:
        return self._call("approve", {
            "transaction_id": message.transaction_id,
            "nonce": message.nonce,
            "username": message.username,
            "device_serial": message.device_serial,
            "pin": pin,
        })["state"]

    def respond(self, username: str, challenge: str, *, pin: str | None) -> str:
        return self._call("respond", {"username": username, "challenge": challenge, "pin": pin})["response"]

    def users(self) -> list[str]:
        users = self._call("users", {})["users"]
        if not all(isinstance(user, str) for user in users):
            raise self._stop("protocol", "users", "answered \"users\" with a list that holds something other than "
                             "user name strings")
        return users

    # -- lifetime -------------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._stopped is None and self.process.poll() is None

    @property
    def failure(self) -> BridgeError | None:
        """What stopped the process (a timeout, a crash, a protocol error); None while it runs or after close()."""
        return self._stopped if self._stopped is not None and self._stopped.kind != "closed" else None

    def close(self) -> None:
        """Say bye, give the process a moment to exit, then kill it. Safe to call more than once."""
        with self._lock:
            if self._stopped is None:
                if self.process.poll() is None:
                    with contextlib.suppress(BridgeError, InvalidPin, WrongPin, DeviceApiError):
                        self._call("bye", {}, timeout=min(self.timeout, BYE_SECONDS))
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        self.process.wait(EXIT_SECONDS)
                # Whatever the bye did, later calls should say the bridge was closed.
                self._stopped = BridgeError(f"the authenticator {self._quoted} was closed", kind="closed")
                self._stop_reason = "was closed"
            self._kill()

    def __enter__(self) -> BridgeAuthenticator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"BridgeAuthenticator({self.command_text!r}, platform={self.platform!r}, {state})"

    def secret_values(self) -> list[str]:
        """The PINs this authenticator was given, for the report's redaction (see ibkey_conformance.redaction)."""
        return sorted(self._pins)

    def stderr_tail(self) -> list[str]:
        """The last lines the process wrote to stderr, PINs masked."""
        return [self._redact(line) for line in list(self._stderr)]

    # -- the exchange ---------------------------------------------------------------------------------------

    @property
    def display_command(self) -> str:
        """The command as messages show it: at most COMMAND_CHARS characters."""
        text = self.command_text
        return text if len(text) <= COMMAND_CHARS else text[: COMMAND_CHARS - 3] + "..."

    @property
    def _quoted(self) -> str:
        return f'"{self.display_command}"'

    def _hello(self) -> None:
        result = self._call("hello", {
            "protocol": protocol.PROTOCOL_VERSION,
            "platform": self.platform,
            "server_url": self.server_url,
            "device_name": self.device_name,
        }, timeout=self.start_timeout, failures_are_protocol_errors=True)
        if result["protocol"] != protocol.PROTOCOL_VERSION:
            raise self._stop(
                "protocol", "hello",
                f"speaks bridge protocol {result['protocol']}; this harness speaks bridge protocol "
                f"{protocol.PROTOCOL_VERSION}",
            )
        if not all(isinstance(item, str) for item in result["capabilities"]):
            raise self._stop("protocol", "hello", "answered \"hello\" with capabilities that are not all strings")
        self.name, self.version = result["name"], result["version"]
        self.capabilities = tuple(result["capabilities"])

    def _call(
        self,
        method: str,
        params: dict[str, Any],
        *,
        timeout: float | None = None,
        failures_are_protocol_errors: bool = False,
    ) -> dict[str, Any]:
        with self._lock:
            if self._stopped is not None:
                raise BridgeError(
                    f"cannot send \"{method}\": the authenticator {self._quoted} already stopped: "
                    f"it {self._stop_reason}",
                    kind=self._stopped.kind,
                    method=method,
                )
            if isinstance(params.get("pin"), str):
                self._pins.add(params["pin"])
            self._next_id += 1
            request_id = self._next_id
            logger.debug("bridge %s: %s(%s)", self.command_text, method, ", ".join(params))
            line = protocol.encode_request(request_id, method, params)
            try:
                self.process.stdin.write(line)
                self.process.stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                pass  # it has exited: reading its stdout ends at once and says how
            answer = self._read(request_id, method, params, timeout if timeout is not None else self.timeout)
        if isinstance(answer, protocol.Failure):
            raise self._error_for(answer, method, failures_are_protocol_errors)
        return answer

    def _read(
        self, request_id: int, method: str, params: dict[str, Any], timeout: float
    ) -> dict[str, Any] | protocol.Failure:
        asked = f"\"{method}\"" + (f" (params: {', '.join(params)})" if params else "")
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise self._stop(
                "timeout", method, f"did not answer {asked} within {timeout} s; it was stopped{self._tail_text()}"
            ) from None
        if line is None:
            raise self._stop("crashed", method, self._exit_text(asked))
        try:
            return protocol.decode_response(line, request_id, method)
        except protocol.ProtocolViolation as violation:
            raise self._stop("protocol", method, f"answered {asked} with {violation}; it was stopped") from None

    def _error_for(self, failure: protocol.Failure, method: str, as_protocol_error: bool) -> Exception:
        message = self._redact(failure.message)
        if as_protocol_error:
            return self._stop(
                "protocol", method, f"refused \"{method}\" with {failure.code}: {message}; it was stopped"
            )
        if failure.code == InvalidPin.code:
            return InvalidPin(message)
        if failure.code == WrongPin.code:
            return WrongPin(message)
        return DeviceApiError(failure.code, message, failure.status)

    def _stop(self, kind: str, method: str, what_happened: str) -> BridgeError:
        """Kill the process and remember why; the BridgeError to raise."""
        self._kill()
        what_happened = self._redact(what_happened)
        error = BridgeError(f"the authenticator {self._quoted} {what_happened}", kind=kind, method=method)
        if self._stopped is None:
            self._stopped, self._stop_reason = error, what_happened
        logger.warning("%s", error)
        return error

    def _exit_text(self, asked: str) -> str:
        try:
            code = self.process.wait(EXIT_SECONDS)
        except subprocess.TimeoutExpired:
            return f"closed its stdout during {asked} without exiting; it was stopped{self._tail_text()}"
        self._threads[1].join(EXIT_SECONDS)  # let the last stderr lines arrive
        how = f"was killed by signal {-code}" if code < 0 else f"exited with code {code}"
        return f"{how} during {asked}{self._tail_text()}"

    def _tail_text(self) -> str:
        lines = self.stderr_tail()
        if not lines:
            return " (it wrote nothing to stderr)"
        return "; its last stderr lines:\n" + "\n".join(f"    {line}" for line in lines)

    def _redact(self, text: str) -> str:
        for pin in sorted(self._pins, key=len, reverse=True):
            if len(pin) >= MIN_MASKED_PIN:
                text = text.replace(pin, MASK * len(pin))
        return text

    def _kill(self) -> None:
        _kill(self.process)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.close()
        self._finalizer.detach()


def _kill(process: subprocess.Popen) -> None:
    """SIGKILL the process group (the process and what it started), then reap the process.

    Only while the process is alive: once it is reaped, its id (the group's) may belong to someone else.
    """
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            with contextlib.suppress(ProcessLookupError):
                process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(EXIT_SECONDS)


def _pump_lines(stream: IO[bytes], lines: queue.Queue[bytes | None]) -> None:
    """Every stdout line into the queue, then None at end of file."""
    try:
        while True:
            line = stream.readline(MAX_LINE_BYTES)
            if not line:
                break
            if line.strip():
                lines.put(line)
    except (OSError, ValueError):
        pass
    finally:
        lines.put(None)


def _drain_stderr(stream: IO[bytes], tail: collections.deque[str]) -> None:
    """Keep reading stderr so the process never blocks on it; keep its last lines."""
    try:
        for raw in iter(lambda: stream.readline(MAX_LINE_BYTES), b""):
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            tail.append(line if len(line) <= STDERR_LINE_CHARS else line[:STDERR_LINE_CHARS] + " ...")
    except (OSError, ValueError):
        pass


__all__ = ["BridgeAuthenticator", "BridgeError"]
