"""Steps of an attacker between the phone and the server, and of a person who mistypes a PIN: what must be refused."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest
from pytest_bdd import given, parsers, then, when

from ibkey_conformance.adapters.target import TARGET
from ibkey_conformance.checks import Differs, HarnessFault, Matches, checks
from ibkey_conformance.pages import LoginPage
from ibkey_conformance.pages.login_page import WAITING_FOR_PUSH
from ibkey_conformance.phone_flows import activate_with_typed_code, generate_response
from ibkey_reference import crypto
from ibkey_reference.crypto import TEST_COST
from ibkey_reference.phone.device import Phone
from ibkey_reference.phone.device_api import DeviceApiError
from steps.accounts import Account, new_account

APPROVAL_PATH = "/api/v1/logins/{transaction_id}/approval"  # docs/protocol.md section 8
REFUSED = Matches(r"4\d\d|refused: .+", "a refusal (HTTP 4xx, or the server's error code over the bridge)")
# Wrong but for a chance of 1 in 9 million: the server looks at 11 counters, each with one right answer in 10^8.
WRONG_RESPONSE = "00000000"


@pytest.fixture
def wire() -> list[httpx.Request]:
    """The requests the phone sent once the recording started: what an attacker on the network sees."""
    return []


@pytest.fixture
def attacker_http(device_api_url: str):
    """An attacker's own connection to the device API: not the phone's."""
    with httpx.Client(base_url=device_api_url) as http:
        yield http


def newest_login_request(phone: Phone):
    """The login request of the newest notification sent to the phone (its transaction, nonce, user and device)."""
    delivered = phone.sync_notifications(wait=5)
    if not delivered:
        raise HarnessFault("no notification reached the phone, so there is no login to send an approval for")
    return delivered[-1].message


@given("what my phone sends to the server is recorded")
def _(request, phone_http: httpx.Client, wire: list) -> None:
    if request.config.stash[TARGET].command:
        pytest.skip("not applicable: an authenticator over the bridge talks to the server on a connection of its "
                    "own, which the harness cannot record")
    phone_http.event_hooks["request"].append(wire.append)


@when("the recorded approval is sent again for the new login")
def _(phone: Phone, wire: list, attacker_http: httpx.Client, notes: dict) -> None:
    approvals = [request for request in wire if request.method == "POST" and request.url.path.endswith("/approval")]
    if not approvals:
        pytest.skip("not applicable: the authenticator sent no approval on the phone's connection (it talks to the "
                    "server on a connection of its own, which the harness cannot record)")
    login = newest_login_request(phone)
    replay = attacker_http.post(
        APPROVAL_PATH.format(transaction_id=login.transaction_id), content=approvals[-1].content,
        headers={"content-type": "application/json"},
    )
    notes["approval_answer"] = replay.status_code


@when("an approval of this login signed with another key is sent")
def _(phone: Phone, attacker_http: httpx.Client, notes: dict) -> None:
    login = newest_login_request(phone)
    forged = crypto.DeviceSigningKey.generate().sign(
        crypto.approval_message(login.transaction_id, login.nonce, login.username)
    )
    answer = attacker_http.post(
        APPROVAL_PATH.format(transaction_id=login.transaction_id),
        json={"device_serial": login.device_serial, "signature": crypto.b64e(forged)},
    )
    notes["approval_answer"] = answer.status_code


@given("another Client Portal user has IB Key activated on another Android phone")
def _(backoffice, scenario_data, phone_options, notes: dict) -> None:
    other = Account(scenario_data.username(), scenario_data.password(), pin=scenario_data.pin())
    backoffice.create_user(other.username, other.password)
    other_phone = Phone.android(name=scenario_data.device_name("android"), pin_cost=TEST_COST, **phone_options)
    other_phone.install("IBKR Mobile", opened_before=True)
    activate_with_typed_code(other_phone, backoffice.start_activation(other.username), other.pin)
    notes["other_user"] = (other, other_phone)


@when("the other user's phone signs and sends an approval of this login as its own")
def _(phone: Phone, notes: dict) -> None:
    other, other_phone = notes["other_user"]
    login = newest_login_request(phone)
    borrowed = replace(login, device_serial=other_phone.ibkr_mobile.device_serial(other.username))
    try:
        other_phone.ibkr_mobile.authenticator.approve(borrowed, pin=other.pin)
    except DeviceApiError as refusal:
        notes["approval_answer"] = refusal.status or f"refused: {refusal.code}"
    else:
        notes["approval_answer"] = "accepted"


@then(parsers.parse("the {kind} approval is refused and the login still waits for IB Key"))
@checks("PUSH-APPROVAL-SINGLE-USE", "PUSH-APPROVAL-DEVICE-KEY")
def _(login_page: LoginPage, home_page, notes: dict, kind: str, check) -> None:
    check(f"the HTTP status the device API gave the {kind} approval", REFUSED, str(notes["approval_answer"]))
    check(f"what the login page shows after the {kind} approval", WAITING_FOR_PUSH, login_page.push_waiting())
    check(f"the user the portal welcomes after the {kind} approval", "", home_page.welcomed_user_now())


@when("I log in again with the right credentials after clearing the browser's cookies")
def _(login_page: LoginPage, account) -> None:
    login_page.page.context.clear_cookies()
    login_page.open().sign_in(account.username, account.password)


@given("another Client Portal user", target_fixture="other_account")
def _(backoffice, scenario_data) -> Account:
    return new_account(backoffice, scenario_data)


@when("the other user logs in after clearing the browser's cookies")
def _(login_page: LoginPage, other_account: Account) -> None:
    login_page.page.context.clear_cookies()
    login_page.open().sign_in(other_account.username, other_account.password)


@then("the other user is shown an activation code different from mine")
@checks("ACT-CODE-FRESH")
def _(home_page, other_account: Account, notes: dict, check) -> None:
    check("the user the portal's home page welcomes", other_account.username, home_page.logged_in_as())
    check("the activation code under the other user's QR code", Differs(notes["activation_code"]),
          home_page.activation_code())


@when("I note the challenge code")
def _(notes: dict) -> None:
    notes["noted_challenge"] = notes["challenge"]


@when("I make the response string to that challenge on my phone")
def _(phone: Phone, account, notes: dict) -> None:
    notes["response"] = generate_response(phone, notes["challenge"], pin=account.pin)


@then("the challenge code differs from the one I noted")
@checks("CR-CHALLENGE-FRESH")
def _(notes: dict, check) -> None:
    check("the second login's challenge code", Differs(notes["noted_challenge"]), notes["challenge"])


@then("I am not logged in to the Client Portal")
@checks("CR-CHALLENGE-BOUND")
def _(login_page: LoginPage, home_page, check) -> None:
    check("the user the portal welcomes", "", home_page.welcomed_user_now())
    check("the login form's user name field is shown again", True, login_page.username.is_visible())


@when("I enter a wrong response string in the login screen")
def _(login_page: LoginPage) -> None:
    login_page.enter_response(WRONG_RESPONSE)


@then("the login has ended and its challenge with it")
@checks("CR-CHALLENGE-SINGLE-USE")
def _(login_page: LoginPage, home_page, check) -> None:
    check("the login form's user name field is shown again", True, login_page.username.is_visible())
    check("the user the portal welcomes", "", home_page.welcomed_user_now())


@when(parsers.parse('I type a wrong PIN in the "{field}" field'))
def _(phone: Phone, account, scenario_data, field: str) -> None:
    wrong = scenario_data.pin()
    while wrong == account.pin:
        wrong = scenario_data.pin()
    phone.foreground.type(field, wrong)


@then("no response string is shown")
@checks("CR-PIN-GATES-RESPONSE")
def _(phone: Phone, check) -> None:
    check(f"the response string on the phone's {phone.screen.name!r} screen", "",
          phone.screen.values.get("Response", ""))
