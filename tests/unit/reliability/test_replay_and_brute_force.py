"""Replays, guessing and expiry over real HTTP (issue #10, item 4).

What was used once is refused again (a response, an approval, an activation code); guessing the 8-digit response
runs into the lockout long before it can succeed; and every lifetime ends at its exact boundary on the manual
clock: one second before it the item still works, at the boundary instant itself it is refused.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from ibkey_conformance.phone_flows import activate_with_typed_code
from ibkey_reference import ocra
from ibkey_reference.phone.device import Phone
from tests.unit.reliability.login_api import (
    NOT_VERIFIED,
    NOT_WAITING,
    activation_request,
    outcome,
    refusal_messages,
    tally,
)

WRONG_PASSWORD = "not-the-password"
AT_THE_BOUNDARY = pytest.mark.parametrize("seconds_before_the_end", [1, 0], ids=["end-1s", "end"])


def advance_to_the_end(portal, lifetime: timedelta, seconds_before_the_end: int) -> None:
    portal.clock.advance(lifetime - timedelta(seconds=seconds_before_the_end))


# Replays


def test_a_used_response_is_refused_on_its_login_and_on_a_new_login_with_the_same_challenge(
    portal, api, account, phone, monkeypatch
):
    """The same challenge twice isolates the counter: the old response is then refused only for being used."""
    monkeypatch.setattr(ocra, "new_numeric_challenge", lambda digits: "314159")
    first = api.at_challenge(account.username, account.password)
    used = phone.respond(first["challenge"])
    assert outcome(api.respond(first["transaction_id"], used)) == (200, "complete")

    second = api.at_challenge(account.username, account.password)
    assert second["challenge"] == first["challenge"]

    assert outcome(api.respond(first["transaction_id"], used)) == (409, "wrong_step")
    assert outcome(api.respond(second["transaction_id"], used)) == (401, "login_failed")
    assert portal.server.failure_count(account.username) == 1
    assert portal.server.device(phone.device_serial).counter == 1


def test_a_replayed_approval_is_refused_on_its_login_and_on_the_next(portal, api, account, phone):
    first = api.started(account.username, account.password)
    captured = phone.sign_approval(phone.next_notification())
    assert outcome(api.approve(first["transaction_id"], phone.device_serial, captured)) == (200, "complete")
    second = api.started(account.username, account.password)

    replays = [api.approve(login["transaction_id"], phone.device_serial, captured) for login in (first, second)]

    assert tally(replays) == {(409, "approval_rejected"): 2}
    assert [refusal_messages([replay]) for replay in replays] == [{NOT_WAITING}, {NOT_VERIFIED}]
    assert phone.approve(phone.next_notification()) == "complete"  # the replay left the next login waiting


def test_a_used_activation_code_is_refused_on_a_second_activation(portal, api, account):
    code = portal.server.activations.start(account.user).code
    request = activation_request(code)
    assert outcome(api.activate(request)) == (201, "accepted")

    again = [api.activate(request), api.activate(activation_request(code.lower().replace("-", " ")))]

    assert tally(again) == {(410, "activation_code_used"): 2}
    assert len(portal.server.devices_of(account.username)) == 1


# Guessing the response


def test_guessing_within_the_lockout_budget_succeeds_with_probability_at_most_1_1_in_a_million(portal):
    """Each guess needs the password and ends its login (a challenge answers once); the lock stops the guesses
    after `lockout_threshold` of them, and one guess matches at most `ocra_window + 1` counters' responses."""
    settings = portal.server.settings
    digits = ocra.parse_suite(ocra.IBKEY_SUITE).digits
    guesses = settings.lockout_threshold
    responses_accepted_per_guess = settings.ocra_window + 1

    chance_of_success = guesses * responses_accepted_per_guess / 10**digits  # union bound

    assert (digits, guesses, responses_accepted_per_guess) == (8, 10, 11)
    assert chance_of_success == pytest.approx(1.1e-6)
    assert 1 - (1 - responses_accepted_per_guess / 10**digits) ** guesses <= chance_of_success


def test_wrong_responses_spend_the_lockout_budget_then_even_the_right_response_is_refused(
    portal, api, account, phone
):
    settings = portal.server.settings
    logins = [api.at_challenge(account.username, account.password) for _ in range(settings.lockout_threshold + 1)]
    *guessed, last = logins

    guesses = [
        api.respond(login["transaction_id"], wrong_guess(phone, login["challenge"], settings.ocra_window))
        for login in guessed
    ]

    assert tally(guesses) == {(401, "login_failed"): settings.lockout_threshold}
    assert outcome(api.respond(last["transaction_id"], phone.respond(last["challenge"]))) == (423, "account_locked")
    assert outcome(api.respond(guessed[0]["transaction_id"], phone.respond(guessed[0]["challenge"]))) == (
        409,
        "wrong_step",
    )
    assert outcome(api.start(account.username, account.password)) == (423, "account_locked")
    assert portal.server.failure_count(account.username) == settings.lockout_threshold
    assert portal.server.device(phone.device_serial).counter == 0


def wrong_guess(phone, challenge: str, window: int) -> str:
    """The first 8-digit number the server would not accept for `challenge` at any counter it looks ahead over."""
    accepted = {phone.response_at(challenge, phone.counter + step) for step in range(window + 1)}
    return next(guess for guess in (f"{n:08d}" for n in itertools.count()) if guess not in accepted)


# Lifetimes, at the boundary


@AT_THE_BOUNDARY
def test_an_activation_code_works_until_15_minutes_and_not_at_15_minutes(portal, api, account, seconds_before_the_end):
    lifetime = portal.server.settings.activation_lifetime
    assert lifetime == timedelta(minutes=15)
    code = portal.server.activations.start(account.user).code

    advance_to_the_end(portal, lifetime, seconds_before_the_end)

    expected = (201, "accepted") if seconds_before_the_end else (410, "activation_code_expired")
    assert outcome(api.activate(activation_request(code))) == expected


@AT_THE_BOUNDARY
def test_a_temporary_passcode_works_until_2_days_and_not_at_2_days(portal, api, account, seconds_before_the_end):
    lifetime = portal.server.settings.temporary_passcode_lifetime
    assert lifetime == timedelta(days=2)
    passcode = portal.server.passcodes.issue_temporary_passcode(account.user).passcode

    advance_to_the_end(portal, lifetime, seconds_before_the_end)
    login = api.started(account.username, account.password)

    assert login["state"] == "passcode"
    expected = (200, "complete") if seconds_before_the_end else (401, "temporary_passcode_expired")
    assert outcome(api.temporary_passcode(login["transaction_id"], passcode)) == expected
    assert portal.server.failure_count(account.username) == 0  # an expired passcode is not a guess


@AT_THE_BOUNDARY
def test_a_security_card_works_until_3_weeks_and_not_at_3_weeks(portal, api, account, seconds_before_the_end):
    lifetime = portal.server.settings.security_card_lifetime
    assert lifetime == timedelta(weeks=3)
    card = portal.server.passcodes.print_security_card(account.user)

    advance_to_the_end(portal, lifetime, seconds_before_the_end)
    login = api.started(account.username, account.password)

    assert login["state"] == "card"
    expected = (200, "complete") if seconds_before_the_end else (401, "security_card_expired")
    assert outcome(api.security_card(login["transaction_id"], card.answer(login["card_positions"]))) == expected
    assert portal.server.failure_count(account.username) == 0


@AT_THE_BOUNDARY
def test_a_push_approval_counts_until_3_minutes_and_not_at_3_minutes(
    portal, api, account, phone, seconds_before_the_end
):
    lifetime = portal.server.settings.push_timeout
    assert lifetime == timedelta(minutes=3)
    login = api.started(account.username, account.password)
    signature = phone.sign_approval(phone.next_notification())

    advance_to_the_end(portal, lifetime, seconds_before_the_end)

    expected = (200, "complete") if seconds_before_the_end else (410, "transaction_expired")
    assert outcome(api.approve(login["transaction_id"], phone.device_serial, signature)) == expected


@AT_THE_BOUNDARY
def test_a_login_takes_a_response_until_10_minutes_and_not_at_10_minutes(
    portal, api, account, phone, seconds_before_the_end
):
    lifetime = portal.server.settings.login_lifetime
    assert lifetime == timedelta(minutes=10)
    login = api.at_challenge(account.username, account.password)

    advance_to_the_end(portal, lifetime, seconds_before_the_end)

    expected = (200, "complete") if seconds_before_the_end else (410, "transaction_expired")
    assert outcome(api.respond(login["transaction_id"], phone.respond(login["challenge"]))) == expected


@AT_THE_BOUNDARY
def test_the_lock_holds_until_24_hours_after_the_last_failure_and_ends_at_24_hours(
    portal, api, account, seconds_before_the_end
):
    settings = portal.server.settings
    assert settings.lockout_period == timedelta(hours=24)
    failures = [api.start(account.username, WRONG_PASSWORD) for _ in range(settings.lockout_threshold)]
    assert tally(failures) == {(401, "invalid_credentials"): settings.lockout_threshold}

    advance_to_the_end(portal, settings.lockout_period, seconds_before_the_end)

    expected = (423, "account_locked") if seconds_before_the_end else (201, "complete")
    assert outcome(api.start(account.username, account.password)) == expected


# The reference phone's OCRA counter


def test_the_reference_phone_advances_its_counter_between_two_challenge_response_logins(portal, http, api, account):
    iphone = Phone.ios(http=http)
    iphone.install("IBKR Mobile", opened_before=True)
    activate_with_typed_code(iphone, portal.server.activations.start(account.user).code)
    enrollment = iphone.ibkr_mobile.authenticator.enrollment(account.username)

    for logins_done in (1, 2):
        login = api.at_challenge(account.username, account.password)
        response = response_on_screen(iphone, login["challenge"])
        assert outcome(api.respond(login["transaction_id"], response)) == (200, "complete")
        assert enrollment.counter == portal.server.device(enrollment.device_serial).counter == logins_done

    enrollment.counter -= 1  # a phone that failed to store its counter answers with the one it used last
    login = api.at_challenge(account.username, account.password)
    stale = response_on_screen(iphone, login["challenge"])

    assert outcome(api.respond(login["transaction_id"], stale)) == (401, "login_failed")
    assert portal.server.device(enrollment.device_serial).counter == 2


def response_on_screen(phone: Phone, challenge: str) -> str:
    """Services › Authenticate, type the challenge, Generate Response, Face ID: the 8 digits the app shows."""
    app = phone.open_app("IBKR Mobile").tap("Services").tap("Authenticate")
    app.type("Challenge", challenge).tap("Generate Response")
    phone.provide_security_element()
    assert app.screen.name == "Response", f"{app.screen.name}: {app.screen.error_code}"
    return app.screen.values["Response"]
