"""No secret reaches a log: every login path is driven through the portal, in process with everything logged at every
level (uvicorn's access and error logs included) and as `ibkey-conform serve` with its output captured, and no
password, PIN, temporary passcode, card value, activation code, OCRA key, session id or CSRF token shows up."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from urllib.parse import quote, quote_plus

from ibkey_conformance.backoffice import Backoffice, InProcessBackoffice
from ibkey_conformance.control_client import HttpBackoffice
from ibkey_conformance.live_portal import LivePortal
from ibkey_conformance.scenario_data import ScenarioData
from tests.unit.ibkey_conformance.test_serve import _free_port, _get_when_up
from tests.unit.ibkey_reference.portal.portal_http import client
from tests.unit.ibkey_reference.portal.portal_visits import Visit

ACCESS_LOG_LINES = ('"POST /sso/Login HTTP/1.1" 303', '"POST /api/v1/activations HTTP/1.1" 201')


def log_in_every_way(base_url: str, backoffice: Backoffice, data: ScenarioData) -> list[str]:
    """Log in with each kind of secret, right and wrong, through the pages and the JSON API; returns every secret
    handed out, typed or set as a cookie on the way."""
    with ExitStack() as open_visits:
        visits = [open_visits.enter_context(Visit(base_url, backoffice, data)) for _ in range(4)]
        log_in_with_each(*visits)
        return [secret for visit in visits for secret in visit.secrets + visit.credentials()]


def log_in_with_each(password_only: Visit, with_phone: Visit, with_passcode: Visit, with_device: Visit) -> None:

    password_only.sign_in(password_only.password + "-wrong")
    password_only.sign_in()
    api = password_only.phone_http
    api.post("/api/v1/logins", json={"username": password_only.username, "password": password_only.password})

    phone = with_phone.enroll_phone()
    with_phone.sign_in()
    phone.approve(phone.next_notification())
    with_phone.page()
    with_phone.log_out()
    with_phone.sign_in()
    with_phone.submit("/sso/Login/challenge", {})
    with_phone.answer("gold-response", phone.respond(with_phone.challenge()))
    with_phone.page()

    passcode = with_passcode.receive_temporary_passcode()
    with_passcode.sign_in()
    with_passcode.answer("temp-response", passcode.lower())
    with_passcode.sign_in()
    with_passcode.answer("temp-response", passcode)
    with_passcode.page()
    with_passcode.print_security_card()
    with_passcode.log_out()
    with_passcode.sign_in()
    with_passcode.submit("/sso/Login/device", {"device": "security_card"})
    with_passcode.answer("bronze-response", with_passcode.card_answer())
    login = api.post("/api/v1/logins", json={"username": with_passcode.username, "password": with_passcode.password})
    api.post(f"/api/v1/logins/{login.json()['transaction_id']}/factor", json={"factor": "temporary_passcode"})
    api.post(f"/api/v1/logins/{login.json()['transaction_id']}/temporary-passcode", json={"answer": passcode})

    device = with_device.receive_physical_device()
    with_device.sign_in()
    with_device.answer("gold-response", device.respond(with_device.challenge(), counter=0))
    with_device.page()


def leaks(secrets: list[str], lines: list[str]) -> dict[str, list[str]]:
    """Each secret with the lines that show it, as typed or URL-encoded."""
    found = {}
    for secret in secrets:
        forms = {secret, quote(secret, safe=""), quote_plus(secret)}
        if showing := [line for line in lines if any(form in line for form in forms)]:
            found[secret] = showing
    return found


class LogLines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=1)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        # The test's own browsers and phones: at DEBUG they print the headers they receive, cookies included.
        self.addFilter(lambda record: not record.name.startswith(("httpx", "httpcore")))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextmanager
def everything_logged() -> Iterator[list[str]]:
    """Every record this process logs at any level; uvicorn's loggers are set up not to reach the root's handlers."""
    handler = LogLines()
    with_handler = [logging.getLogger(name) for name in ("", "uvicorn", "uvicorn.access")]
    loggers = [*with_handler, *(logging.getLogger(name) for name in ("uvicorn.error", "uvicorn.asgi"))]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(1)
    for logger in with_handler:
        logger.addHandler(handler)
    try:
        yield handler.lines
    finally:
        for logger in with_handler:
            logger.removeHandler(handler)
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def test_no_secret_reaches_the_in_process_portals_logs(tmp_path, scenario_data):
    portal = LivePortal(tmp_path / "portal.sqlite3")  # uvicorn sets its loggers up here: capture after it
    with everything_logged() as lines, portal:
        secrets = log_in_every_way(portal.url, InProcessBackoffice(portal.server, portal.clock), scenario_data)

    assert all(any(entry in line for line in lines) for entry in ACCESS_LOG_LINES), lines[:20]
    assert leaks(secrets, lines) == {}


def test_no_secret_reaches_what_ibkey_conform_serve_prints(tmp_path, scenario_data):
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    operator_password = scenario_data.password()
    command = [
        sys.executable, "-m", "ibkey_conformance.cli", "serve", "--control-api", "--log-level", "debug",
        "--port", str(port), "--db", str(tmp_path / "portal.sqlite3"),
        "--user", "operator", "--password", operator_password,
    ]
    stdout, stderr = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with stdout.open("w") as out, stderr.open("w") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err)
    try:
        with client(url) as probe:
            _get_when_up(probe, "/sso/Login")
        backoffice = HttpBackoffice(url)
        secrets = [operator_password, *log_in_every_way(url, backoffice, scenario_data)]
        backoffice.close()
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=15)
    lines = stdout.read_text().splitlines() + stderr.read_text().splitlines()

    assert all(any(entry in line for line in lines) for entry in ACCESS_LOG_LINES), lines[:20]
    assert leaks(secrets, lines) == {}
