"""Simultaneous requests over real HTTP (issue #10, item 1): whatever arrives together is counted and consumed once.

Each burst leaves every request in flight at the same moment (one thread per request behind a barrier) against
the reference portal under uvicorn on loopback. A burst must end exactly as some one-at-a-time order would.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from tests.unit.reliability.login_api import (
    NOT_VERIFIED,
    NOT_WAITING,
    activation_request,
    all_at_once,
    outcome,
    refusal_messages,
    server_errors,
    tally,
)

WRONG_PASSWORD = "not-the-password"


# Lockout


def test_64_simultaneous_wrong_passwords_count_exactly_ten_then_the_login_is_locked(portal, api, account):
    threshold = portal.server.settings.lockout_threshold
    attempts = 64

    responses = all_at_once([partial(api.start, account.username, WRONG_PASSWORD)] * attempts)

    assert server_errors(responses) == []
    assert tally(responses) == {(401, "invalid_credentials"): threshold, (423, "account_locked"): attempts - threshold}
    assert portal.server.failure_count(account.username) == threshold == 10
    assert outcome(api.start(account.username, account.password)) == (423, "account_locked")


def test_a_password_checked_just_before_the_lock_does_not_complete_the_login_after_it(
    portal, api, account, monkeypatch
):
    """The password is checked in one transaction and the login completed in the next. Ten failures landing
    in between lock the user: the login must then be refused, not complete and wipe the count."""
    threshold = portal.server.settings.lockout_threshold
    checked, locked = threading.Event(), threading.Event()
    check_password = portal.server.accounts.check_password

    def check_then_wait_for_the_lock(username: str, password: str):
        user = check_password(username, password)
        checked.set()
        assert locked.wait(timeout=10)
        return user

    monkeypatch.setattr(portal.server.accounts, "check_password", check_then_wait_for_the_lock)
    with ThreadPoolExecutor(max_workers=1) as pool:
        right = pool.submit(api.start, account.username, account.password)
        assert checked.wait(timeout=10)
        wrong = [api.start(account.username, WRONG_PASSWORD) for _ in range(threshold)]
        locked.set()
        right_response = right.result(timeout=30)

    assert tally(wrong) == {(401, "invalid_credentials"): threshold}
    assert outcome(right_response) == (423, "account_locked")
    assert portal.server.failure_count(account.username) == threshold
    assert outcome(api.start(account.username, account.password)) == (423, "account_locked")


# Push approvals


def test_one_push_login_accepts_exactly_one_of_16_simultaneous_approvals(api, account, phone):
    login = api.started(account.username, account.password)
    notification = phone.next_notification()
    captured = phone.sign_approval(notification)
    # Half send one captured signature again and again; half sign anew (ECDSA: every signature differs, all valid).
    signatures = [captured] * 8 + [phone.sign_approval(notification) for _ in range(8)]

    responses = all_at_once([partial(api.approve, login["transaction_id"], phone.device_serial, s) for s in signatures])

    assert server_errors(responses) == []
    assert tally(responses) == {(200, "complete"): 1, (409, "approval_rejected"): 15}
    assert refusal_messages(responses) == {NOT_WAITING}


def test_replayed_approvals_racing_the_genuine_one_leave_only_the_genuine_one_accepted(api, account, phone):
    first = api.started(account.username, account.password)
    replayed = phone.sign_approval(phone.next_notification())
    assert outcome(api.approve(first["transaction_id"], phone.device_serial, replayed)) == (200, "complete")
    second = api.started(account.username, account.password)
    genuine = phone.sign_approval(phone.next_notification())
    first_id, second_id = first["transaction_id"], second["transaction_id"]
    sends = [(second_id, genuine)] + [(second_id, replayed)] * 8 + [(first_id, replayed)] * 7

    responses = all_at_once([partial(api.approve, login_id, phone.device_serial, s) for login_id, s in sends])

    assert server_errors(responses) == []
    assert outcome(responses[0]) == (200, "complete")
    assert tally(responses[1:]) == {(409, "approval_rejected"): 15}
    assert refusal_messages(responses[1:]) <= {NOT_WAITING, NOT_VERIFIED}
    assert refusal_messages(responses[9:]) == {NOT_WAITING}


# Challenge / response


def test_one_challenge_accepts_exactly_one_of_16_simultaneous_right_responses(portal, api, account, phone):
    login = api.at_challenge(account.username, account.password)
    window = portal.server.settings.ocra_window
    # Every counter the server looks ahead over, and the first one four more times: 16 right answers.
    counters = list(range(window + 1)) + [0] * (15 - window)

    answers = [phone.response_at(login["challenge"], counter) for counter in counters]

    responses = all_at_once([partial(api.respond, login["transaction_id"], answer) for answer in answers])

    assert server_errors(responses) == []
    assert tally(responses) == {(200, "complete"): 1, (409, "wrong_step"): 15}
    (accepted_counter,) = [c for c, r in zip(counters, responses, strict=True) if r.status_code == 200]
    assert portal.server.device(phone.device_serial).counter == accepted_counter + 1
    assert portal.server.failure_count(account.username) == 0


def test_one_challenge_judges_only_the_first_of_simultaneous_right_and_wrong_answers(portal, api, account, phone):
    login = api.at_challenge(account.username, account.password)
    right = phone.response_at(login["challenge"], 0)
    wrong = f"{(int(right) + 1) % 10**8:08d}"

    responses = all_at_once([partial(api.respond, login["transaction_id"], answer) for answer in [right, wrong] * 8])

    assert server_errors(responses) == []
    outcomes = tally(responses)
    assert outcomes.pop((409, "wrong_step")) == 15
    (judged,) = outcomes
    assert judged in {(200, "complete"), (401, "login_failed")}
    failed = judged == (401, "login_failed")
    assert portal.server.failure_count(account.username) == int(failed)
    assert portal.server.device(phone.device_serial).counter == int(not failed)


# Activation


def test_16_phones_racing_on_one_activation_code_enroll_exactly_one(portal, api, account):
    phones = 16
    code = portal.server.activations.start(account.user).code

    responses = all_at_once([partial(api.activate, activation_request(code)) for _ in range(phones)])

    assert server_errors(responses) == []
    assert tally(responses) == {(201, "accepted"): 1, (410, "activation_code_used"): phones - 1}
    assert len(portal.server.devices_of(account.username)) == 1
