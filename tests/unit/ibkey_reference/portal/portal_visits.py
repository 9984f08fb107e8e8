"""One person's visit to the portal over plain HTTP: brought to any page that shows a form, keeping every secret
it handled and every response it got."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx

from ibkey_conformance.backoffice import Backoffice
from ibkey_conformance.scenario_data import ScenarioData
from ibkey_reference import crypto, ocra
from ibkey_reference.portal.sessions import COOKIE_NAME
from ibkey_reference.server import PhysicalDeviceKit

from .device_double import PhoneDouble
from .portal_http import CSRF_FIELD, browser, client, csrf_token, set_cookies

CHALLENGE = re.compile(r'id="xyz-challenge-code" class="code">(\d+)<')
CARD_POSITIONS = re.compile(r'id="xyz-card-positions" class="code">([^<]*)<')
CARD_VALUE = re.compile(r'id="card-([A-H][1-8])">(\d+)<')
PIN_CHARACTERS = "letters and special characters"  # never all digits: a PIN must not be mistaken for a port


def ocra_key_forms(secret: bytes) -> list[str]:
    """How an OCRA key could be written out: hex, and base64url as the wire carries keys."""
    return [secret.hex(), secret.hex().upper(), crypto.b64e(secret)]


class Visit:
    """A fresh account and a browser without JavaScript (cookies kept, redirects not followed)."""

    def __init__(self, base_url: str, backoffice: Backoffice, data: ScenarioData) -> None:
        self.responses: list[httpx.Response] = []  # the browser's
        self.phone_responses: list[httpx.Response] = []
        self.http = browser(base_url, event_hooks={"response": [self.responses.append]})
        self.phone_http = client(base_url, event_hooks={"response": [self.phone_responses.append]})
        self.backoffice = backoffice
        self.data = data
        self.username = data.username()
        self.password = data.password()
        backoffice.create_user(self.username, self.password)
        self.secrets: list[str] = [self.password]
        self.phone: PhoneDouble | None = None
        self.physical_device: PhysicalDeviceKit | None = None
        self.temporary_passcode: str | None = None
        self.card: dict[str, str] = {}

    def __enter__(self) -> Visit:
        return self

    def __exit__(self, *exc_info) -> None:
        self.http.close()
        self.phone_http.close()

    def credentials(self) -> list[str]:
        """Every session id and CSRF token the portal handed this browser: bearer secrets as well."""
        session_ids = [
            cookie.value
            for response in self.responses + self.phone_responses
            for name, cookie in set_cookies(response).items()
            if name == COOKIE_NAME
        ]
        tokens = [match for response in self.responses for match in CSRF_FIELD.findall(response.text)]
        return sorted(set(session_ids + tokens))

    # -- what Client Services and the mail give the person ---------------------------------------------

    def _pin(self) -> str:
        pin = self.data.pin(6, PIN_CHARACTERS)
        self.secrets += [pin, ocra.pin_hash(pin).hex()]
        return pin

    def enroll_phone(self) -> PhoneDouble:
        code = self.backoffice.start_activation(self.username)
        self.phone = PhoneDouble.enroll(self.phone_http, code, self._pin())
        self.secrets += [code, code.replace("-", ""), *ocra_key_forms(self.phone.ocra_secret)]
        return self.phone

    def receive_temporary_passcode(self) -> str:
        self.temporary_passcode = self.backoffice.issue_temporary_passcode(self.username)
        self.secrets.append(self.temporary_passcode)
        return self.temporary_passcode

    def receive_physical_device(self) -> PhysicalDeviceKit:
        """Shipped, then reactivated in the portal so it works at once."""
        kit = self.backoffice.ship_physical_device(self.username, self._pin())
        self.backoffice.reactivate_device(self.username, kit.serial)
        self.physical_device = kit
        self.secrets += ocra_key_forms(kit.ocra_secret)
        return kit

    # -- what the person does in the browser -----------------------------------------------------------

    def page(self, path: str = "/sso/Login") -> httpx.Response:
        return self.http.get(path)

    def submit(self, action: str, fields: dict[str, str], page: str = "/sso/Login") -> httpx.Response:
        """Post a form as `page` renders it, with that page's CSRF token."""
        return self.http.post(action, data={**fields, "csrf_token": csrf_token(self.http, page)})

    def sign_in(self, password: str | None = None) -> httpx.Response:
        return self.submit("/sso/Login", {"username": self.username, "password": password or self.password})

    def answer(self, field: str, value: str) -> httpx.Response:
        self.secrets.append(value)
        return self.submit("/sso/Login/response", {field: value})

    def challenge(self) -> str:
        return CHALLENGE.search(self.page().text)[1]

    def print_security_card(self) -> dict[str, str]:
        printed = self.submit("/portal/settings/security/card", {}, page="/portal/settings/security")
        self.card = dict(CARD_VALUE.findall(printed.text))
        assert len(self.card) == 64, printed.text
        return self.card

    def card_answer(self) -> str:
        return "".join(self.card[position] for position in CARD_POSITIONS.search(self.page().text)[1].split())

    def log_out(self) -> httpx.Response:
        return self.submit("/sso/Logout", {}, page="/portal/home")


# Each brings a fresh visit to a page and returns its path; together they reach every form the portal renders.


def anonymous(visit: Visit) -> str:
    return "/sso/Login"


def logged_in(visit: Visit) -> str:
    visit.sign_in()
    return "/portal/home"


def waiting_for_push(visit: Visit) -> str:
    visit.enroll_phone()
    visit.sign_in()
    return "/sso/Login"


def answering_a_challenge(visit: Visit) -> str:
    waiting_for_push(visit)
    visit.submit("/sso/Login/challenge", {})
    return "/sso/Login"


def typing_a_temporary_passcode(visit: Visit) -> str:
    visit.enroll_phone()  # the passcode suspends it: the security page then offers to reactivate it
    visit.receive_temporary_passcode()
    visit.sign_in()
    return "/sso/Login"


def on_the_security_page(visit: Visit) -> str:
    typing_a_temporary_passcode(visit)
    visit.answer("temp-response", visit.temporary_passcode)
    assert visit.page().headers["location"] == "/portal/home"
    return "/portal/settings/security"


def choosing_a_factor(visit: Visit) -> str:
    on_the_security_page(visit)
    visit.print_security_card()
    visit.log_out()
    visit.sign_in()
    return "/sso/Login"


def typing_card_values(visit: Visit) -> str:
    choosing_a_factor(visit)
    visit.submit("/sso/Login/device", {"device": "security_card"})
    return "/sso/Login"


PAGES_WITH_FORMS: tuple[Callable[[Visit], str], ...] = (
    anonymous,
    logged_in,
    waiting_for_push,
    answering_a_challenge,
    typing_a_temporary_passcode,
    on_the_security_page,
    choosing_a_factor,
    typing_card_values,
)
