"""The bridge protocol between the harness and an authenticator in another language: JSON lines, version 1.

The harness starts the authenticator as a child process, one per phone, and writes one request per line
on its stdin; the child writes one response per line on its stdout and its own log on stderr. One request
is outstanding at a time.

    request   {"ibkey_bridge": 1, "id": <int>, "method": "<name>", "params": {...}}
    response  {"id": <same int>, "result": {...}}
           or {"id": <same int>, "error": {"code": "<snake_case>", "message": "<text>"[, "status": <int>]}}

Methods (`pin` is null when the phone's security element was provided instead: always on iOS, and on
Android when a fingerprint approves a push login):

    hello      {protocol, platform, server_url, device_name} -> {protocol, name, version, capabilities}
    check_pin  {pin}                                          -> {}
    activate   {code, pin, device_name, push_address}         -> {username, device_serial}
    approve    {transaction_id, nonce, username, device_serial, pin} -> {state}
    respond    {username, challenge, pin}                     -> {response}
    users      {}                                             -> {users: [...]}
    bye        {}                                             -> {}, then the child exits

Error codes the harness maps: `pin_invalid` (the PIN rule), `pin_wrong` (the PIN does not open the keys);
every other code is the server's refusal (or the authenticator's own), passed through as the code of a
DeviceApiError with the optional HTTP `status`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

PROTOCOL_VERSION = 1
MARKER = "ibkey_bridge"
SHOWN_CHARS = 200

# Each method's params in the order they are sent, and its result fields with their JSON types.
PARAMS: dict[str, tuple[str, ...]] = {
    "hello": ("protocol", "platform", "server_url", "device_name"),
    "check_pin": ("pin",),
    "activate": ("code", "pin", "device_name", "push_address"),
    "approve": ("transaction_id", "nonce", "username", "device_serial", "pin"),
    "respond": ("username", "challenge", "pin"),
    "users": (),
    "bye": (),
}
RESULTS: dict[str, dict[str, type]] = {
    "hello": {"protocol": int, "name": str, "version": str, "capabilities": list},
    "check_pin": {},
    "activate": {"username": str, "device_serial": str},
    "approve": {"state": str},
    "respond": {"response": str},
    "users": {"users": list},
    "bye": {},
}
SECRET_PARAMS = frozenset({"pin"})


class ProtocolViolation(Exception):
    """A line from the authenticator that is not the response the protocol asks for; the text says why."""


@dataclass(frozen=True)
class Failure:
    """The authenticator's own `error` answer to a request."""

    code: str
    message: str
    status: int | None = None


def encode_request(request_id: int, method: str, params: dict[str, Any]) -> bytes:
    if method not in PARAMS:
        raise ValueError(f"bridge method {method!r} does not exist; methods: {', '.join(PARAMS)}")
    missing = [name for name in PARAMS[method] if name not in params]
    if missing:
        raise ValueError(f"bridge method {method!r} needs params {', '.join(missing)}")
    line = {MARKER: PROTOCOL_VERSION, "id": request_id, "method": method, "params": params}
    return json.dumps(line, ensure_ascii=True, separators=(",", ":")).encode("ascii") + b"\n"


def shown(line: bytes | str) -> str:
    """The start of a line as text for a message: at most SHOWN_CHARS characters, escapes visible."""
    text = line.decode("utf-8", errors="backslashreplace") if isinstance(line, bytes) else line
    text = text.rstrip("\r\n")
    return repr(text[:SHOWN_CHARS]) + (" ..." if len(text) > SHOWN_CHARS else "")


def decode_response(line: bytes, request_id: int, method: str) -> dict[str, Any] | Failure:
    """The result of request `request_id`, or the authenticator's Failure; ProtocolViolation otherwise."""
    not_a_response = f"something that is not a bridge response: {shown(line)}"
    try:
        message = json.loads(line)
    except (ValueError, RecursionError):  # RecursionError: arrays or objects nested thousands deep
        raise ProtocolViolation(
            f"{not_a_response} (stdout carries bridge responses only, one JSON object per line; "
            "write logs to stderr)"
        ) from None
    if not isinstance(message, dict) or "id" not in message or ("result" in message) == ("error" in message):
        raise ProtocolViolation(f"{not_a_response} (a response has an id and either result or error)")
    if message["id"] != request_id or isinstance(message["id"], bool):
        raise ProtocolViolation(
            f"a response with id {message['id']!r} while request {request_id} was waiting: {shown(line)}"
        )
    if "error" in message:
        return _failure(message["error"], line)
    result = message["result"]
    if not isinstance(result, dict):
        raise ProtocolViolation(f"a result that is not a JSON object: {shown(line)}")
    for name, kind in RESULTS[method].items():
        value = result.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ProtocolViolation(
                f"a result without {name!r} as a JSON {_JSON_NAMES[kind]}: {shown(line)}"
            )
    return result


_JSON_NAMES = {int: "integer", str: "string", list: "array", dict: "object"}


def _failure(error: object, line: bytes) -> Failure:
    if not isinstance(error, dict) or not isinstance(error.get("code"), str) or not error["code"]:
        raise ProtocolViolation(f"an error without a code string: {shown(line)}")
    message = error.get("message")
    status = error.get("status")
    if status is not None and (not isinstance(status, int) or isinstance(status, bool)):
        raise ProtocolViolation(f"an error whose status is not an integer: {shown(line)}")
    return Failure(error["code"], message if isinstance(message, str) else "", status)
