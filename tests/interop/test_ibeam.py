"""IBeam 0.5.12, unmodified, logs in to `ibkey-conform serve --control-api` as it logs in to the real Client Portal.

IBeam runs in its own venv (`make ibeam`), drives Debian's chromium-driver, and is configured only through its
documented IBEAM_* settings and a custom 2FA handler (ibeam_inputs/). What it reads on the page: docs/protocol.md,
"What real login automation reads".
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.unit.ibkey_reference.portal.device_double import PhoneDouble

REPO = Path(__file__).resolve().parents[2]
IBEAM_PYTHON = Path(os.environ.get("IBKEY_IBEAM_PYTHON", REPO / ".venv-ibeam" / "bin" / "python"))
CHROMEDRIVER = shutil.which("chromedriver")
INPUTS = Path(__file__).parent / "ibeam_inputs"
PASSWORD = "ibeam-Pass-42"
# IBeam's Chrome always takes the debugging port 9222: one IBeam at a time on this machine, whatever the workers.
ONE_IBEAM_AT_A_TIME = Path("/tmp/ibkey-ibeam.lock")

pytestmark = pytest.mark.interop


@pytest.fixture(autouse=True)
def _ibeam_is_installed() -> None:
    """scripts/setup.sh installs all of it; a machine without it fails here, saying what to install."""
    if not IBEAM_PYTHON.exists():
        pytest.fail(f"no IBeam venv at {IBEAM_PYTHON}: run scripts/setup.sh (or `make ibeam`)", pytrace=False)
    if not (CHROMEDRIVER and shutil.which("Xvfb")):
        pytest.fail("IBeam needs chromium-driver and xvfb: apt-get install chromium-driver xvfb", pytrace=False)

# IB Key by challenge/response: IBeam takes the step showing the "didn't receive the notification" link for a code
# entry, its custom handler asks for the challenge there, and IBeam types the response in the IB Key field.
CHALLENGE_RESPONSE = {
    "IBEAM_TWO_FA_HANDLER": "CUSTOM_HANDLER",
    "IBEAM_CUSTOM_TWO_FA_HANDLER": "ibkey_phone_handler.IBKeyPhone",
    "IBEAM_TWO_FA_EL_ID": "ID@@xyz-link-no-notification",
    "IBEAM_TWO_FA_INPUT_EL_ID": "ID@@xyz-field-gold-response",
    "IBEAM_STRICT_TWO_FA_CODE": "False",  # IB Key responses have 8 digits, not 6
}


def run_ibeam(portal_url: str, username: str, outputs: Path, **settings: str) -> dict:
    """One IBeam login; its result ({"success", "shutdown"}) and its log."""
    # Chrome keeps its profile, and a Unix socket in it, under TMPDIR: a socket path over 107 bytes (as under
    # xdist's tmp_path, popen-gw0/…) makes it exit at once, so its folder is a short one of its own.
    with tempfile.TemporaryDirectory(prefix="ibeam-") as home:
        return _run_ibeam(portal_url, username, outputs, home, settings)


def _run_ibeam(portal_url: str, username: str, outputs: Path, home: str, settings: dict[str, str]) -> dict:
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": home,
        "TMPDIR": home,
        "IBEAM_ACCOUNT": username,
        "IBEAM_PASSWORD": PASSWORD,
        "IBEAM_GATEWAY_BASE_URL": portal_url,
        "IBEAM_CHROME_DRIVER_PATH": CHROMEDRIVER,
        "IBEAM_INPUTS_DIR": str(INPUTS),
        "IBEAM_OUTPUTS_DIR": str(outputs),
        "IBEAM_LOG_TO_FILE": "False",
        "IBEAM_MIN_PRESUBMIT_BUFFER": "0",
        **settings,
    }
    with ONE_IBEAM_AT_A_TIME.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = subprocess.run(
            [str(IBEAM_PYTHON), str(Path(__file__).parent / "run_ibeam_login.py")],
            env=environment, capture_output=True, text=True, timeout=300,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    *log, result = done.stdout.strip().splitlines()
    return {**json.loads(result), "log": "\n".join(log) + done.stderr}


@pytest.fixture
def control(served_portal) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=served_portal) as client:
        yield client


@pytest.fixture
def new_user(control: httpx.Client) -> Callable[[str], str]:
    def create(username: str) -> str:
        control.post("/__control__/users", json={"username": username, "password": PASSWORD}).raise_for_status()
        return username

    return create


def enrolled_phone(control: httpx.Client, username: str) -> PhoneDouble:
    activation = control.post(f"/__control__/users/{username}/activations")
    activation.raise_for_status()
    return PhoneDouble.enroll(control, activation.json()["code"], "2468")


@contextmanager
def phone_answering(respond: Callable[[str], str]) -> Iterator[str]:
    """The phone as IBeam's custom handler reaches it: GET ?challenge=… answers the response string."""

    class Answer(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            challenge = parse_qs(urlsplit(self.path).query)["challenge"][0]
            body = respond(challenge).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/response"
    finally:
        server.shutdown()


def test_a_user_without_ibkey_is_logged_in(served_portal, new_user, tmp_path):
    result = run_ibeam(served_portal, new_user("ibeam_no_device"), tmp_path)

    assert result["success"], result["log"][-3000:]
    assert 'Webpage displayed "Client login succeeds"' in result["log"]


def test_ibkey_by_challenge_response(served_portal, control, new_user, tmp_path):
    username = new_user("ibeam_challenge")
    phone = enrolled_phone(control, username)

    with phone_answering(phone.respond) as phone_url:
        result = run_ibeam(served_portal, username, tmp_path, IBKEY_PHONE_URL=phone_url, **CHALLENGE_RESPONSE)

    assert result["success"], result["log"][-3000:]


def test_a_push_login_reads_as_the_notification_step_not_a_code_entry(
    served_portal, control, new_user, tmp_path
):
    username = new_user("ibeam_push")
    enrolled_phone(control, username)

    result = run_ibeam(served_portal, username, tmp_path, IBEAM_OAUTH_TIMEOUT="5", IBEAM_MAX_IMMEDIATE_ATTEMPTS="1")

    # IBeam 0.5.12 then fails in its own notification step (it calls its resend handler's method on the class), so
    # the login itself cannot finish; what the page decides is which step IBeam takes.
    assert "Gateway requires notification two-factor authentication" in result["log"], result["log"][-3000:]


def test_choosing_ibkey_in_the_device_list_moves_the_page_on(served_portal, control, new_user, tmp_path):
    username = new_user("ibeam_two_devices")
    phone = enrolled_phone(control, username)
    control.post(f"/__control__/users/{username}/physical-device", json={"pin": "1357"}).raise_for_status()
    control.post("/__control__/clock/advance", json={"seconds": 15 * 86400}).raise_for_status()  # it activates

    with phone_answering(phone.respond) as phone_url:
        result = run_ibeam(
            served_portal, username, tmp_path, IBKEY_PHONE_URL=phone_url,
            IBEAM_TWO_FA_SELECT_EL_ID="ID@@xyz-field-sls-device", **CHALLENGE_RESPONSE,
        )

    assert result["success"], result["log"][-3000:]
    assert '2FA method "IB Key" selected successfully' in result["log"]


def test_wrong_responses_stop_ibeam_at_its_failed_login_limit_before_the_lockout(
    served_portal, control, new_user, tmp_path
):
    username = new_user("ibeam_wrong")
    phone = enrolled_phone(control, username)

    with phone_answering(lambda challenge: phone.respond(challenge, pin="1357")) as phone_url:
        result = run_ibeam(
            served_portal, username, tmp_path, IBKEY_PHONE_URL=phone_url, IBEAM_MAX_FAILED_AUTH="2",
            **CHALLENGE_RESPONSE,
        )

    assert (result["success"], result["shutdown"]) == (False, True), result["log"][-3000:]
    assert result["log"].count("Error displayed by the login webpage: failed") == 2
