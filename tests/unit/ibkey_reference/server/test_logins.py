from datetime import timedelta

import pytest

from ibkey_reference import crypto
from ibkey_reference.server.errors import (
    ApprovalRejected,
    LoginFailed,
    TransactionExpired,
    TransactionNotFound,
    WrongStep,
)
from ibkey_reference.server.logins import SECURITY_CARD

from .conftest import PASSWORD


def push_login(server, device, platform="portal"):
    """Start a login and return it with the notification it queued for `device`."""
    login = server.logins.start(device.username, PASSWORD, platform)
    (notification,) = [n for n in server.push.pending(device.push_address) if n.transaction_id == login.id]
    return login, notification


def challenge_login(server, username):
    """A login switched to challenge/response ("click here if you didn't receive the notification")."""
    return server.logins.request_challenge(server.logins.start(username, PASSWORD).id)


def off_by_one(response: str) -> str:
    return "".join(str((int(digit) + 1) % 10) for digit in response)


# The password step


def test_a_user_without_devices_is_logged_in_after_the_password(server, make_user):
    make_user("alice")
    login = server.logins.start("alice", PASSWORD)
    assert login.complete
    assert (login.factors, login.username, login.platform) == ((), "alice", "portal")


def test_an_unknown_platform_is_refused(server, make_user):
    make_user("alice")
    with pytest.raises(ValueError, match="platform 'tws' is not supported"):
        server.logins.start("alice", PASSWORD, "tws")


def test_an_unknown_login_is_not_found(server):
    with pytest.raises(TransactionNotFound):
        server.logins.get("no-such-login")
    with pytest.raises(TransactionNotFound):
        server.logins.approve("no-such-login", "IBK-000000000", b"")


# Seamless push


def test_ib_key_sends_a_notification_with_the_transaction_id(server, enroll, clock):
    device = enroll("alice")
    login = server.logins.start("alice", PASSWORD, "trading")
    assert (login.state, login.method, login.device_serial) == ("push_wait", "push", device.serial)
    assert login.push_expires_at == clock.now() + timedelta(minutes=3)
    assert not login.push_expired
    (notification,) = server.push.pending(device.push_address)
    assert notification.transaction_id == login.id
    body = notification.body
    assert (body["transaction_id"], body["username"], body["platform"]) == (login.id, "alice", "trading")
    assert body["device_serial"] == device.serial
    assert body["nonce"]


def test_a_signed_approval_completes_the_login(server, enroll):
    device = enroll("alice")
    login, notification = push_login(server, device)
    approved = server.logins.approve(login.id, device.serial, device.sign_approval(notification))
    assert approved.complete
    assert server.logins.get(login.id).state == "complete"


def test_a_replayed_approval_is_rejected(server, enroll):
    device = enroll("alice")
    login, notification = push_login(server, device)
    signature = device.sign_approval(notification)
    server.logins.approve(login.id, device.serial, signature)
    with pytest.raises(ApprovalRejected, match="not waiting for an approval"):
        server.logins.approve(login.id, device.serial, signature)


def test_an_approval_for_an_earlier_login_does_not_approve_the_next(server, enroll):
    device = enroll("alice")
    first, first_notification = push_login(server, device)
    old_signature = device.sign_approval(first_notification)
    server.logins.approve(first.id, device.serial, old_signature)
    second, _ = push_login(server, device)
    with pytest.raises(ApprovalRejected, match="signature does not verify"):
        server.logins.approve(second.id, device.serial, old_signature)


def test_an_approval_from_another_device_is_rejected(server, enroll):
    alice_device = enroll("alice")
    bob_device = enroll("bob")
    login, notification = push_login(server, alice_device)
    with pytest.raises(ApprovalRejected, match="not sent to this device"):
        server.logins.approve(login.id, bob_device.serial, bob_device.sign_approval(notification))
    assert server.logins.get(login.id).state == "push_wait"


def test_a_bad_signature_is_rejected_and_the_login_keeps_waiting(server, enroll):
    device = enroll("alice")
    login, notification = push_login(server, device)
    other_key = crypto.DeviceSigningKey.generate()
    forged = other_key.sign(crypto.approval_message(login.id, notification.body["nonce"], "alice"))
    for signature in (forged, b"garbage"):
        with pytest.raises(ApprovalRejected, match="signature does not verify"):
            server.logins.approve(login.id, device.serial, signature)
    assert server.logins.get(login.id).state == "push_wait"
    assert server.logins.approve(login.id, device.serial, device.sign_approval(notification)).complete


@pytest.mark.parametrize(
    ("after", "expired"),
    [(timedelta(minutes=3, seconds=-1), False), (timedelta(minutes=3), True)],
    ids=["3min-1s", "3min"],
)
def test_the_notification_times_out_after_3_minutes(server, enroll, clock, after, expired):
    device = enroll("alice")
    login, notification = push_login(server, device)
    clock.advance(after)
    assert server.logins.get(login.id).push_expired is expired
    if expired:
        with pytest.raises(TransactionExpired, match="The notification has expired"):
            server.logins.approve(login.id, device.serial, device.sign_approval(notification))
    else:
        assert server.logins.approve(login.id, device.serial, device.sign_approval(notification)).complete


def test_an_approval_after_switching_to_challenge_response_is_rejected(server, enroll):
    device = enroll("alice")
    login, notification = push_login(server, device)
    server.logins.request_challenge(login.id)
    with pytest.raises(ApprovalRejected):
        server.logins.approve(login.id, device.serial, device.sign_approval(notification))


# Challenge / response


def test_challenge_response_completes_and_advances_the_counter(server, enroll):
    device = enroll("alice")
    login = challenge_login(server, "alice")
    assert (login.state, login.method) == ("challenge", "challenge")
    assert len(login.challenge) == 6 and login.challenge.isdigit()
    response = device.respond(login.challenge, 0)
    assert len(response) == 8 and response.isdigit()
    assert server.logins.answer_challenge(login.id, response).complete
    assert server.device(device.serial).counter == 1
    assert server.logins.get(login.id).challenge is None


def test_each_request_shows_a_new_challenge(server, enroll):
    enroll("alice")
    login = challenge_login(server, "alice")
    challenges = {server.logins.request_challenge(login.id).challenge for _ in range(5)}
    assert len(challenges | {login.challenge}) > 1


def test_a_response_made_three_counts_ahead_is_accepted_and_resynchronises(server, enroll):
    """The phone made three responses offline; the server looks ahead and moves past them."""
    device = enroll("alice")
    login = challenge_login(server, "alice")
    assert server.logins.answer_challenge(login.id, device.respond(login.challenge, 3)).complete
    assert server.device(device.serial).counter == 4
    login = challenge_login(server, "alice")
    assert server.logins.answer_challenge(login.id, device.respond(login.challenge, 4)).complete


@pytest.mark.parametrize(("ahead", "accepted"), [(10, True), (11, False)])
def test_the_look_ahead_window_is_ten(server, enroll, settings, ahead, accepted):
    assert settings.ocra_window == 10
    device = enroll("alice")
    login = challenge_login(server, "alice")
    response = device.respond(login.challenge, ahead)
    if accepted:
        assert server.logins.answer_challenge(login.id, response).complete
    else:
        with pytest.raises(LoginFailed):
            server.logins.answer_challenge(login.id, response)
        assert server.device(device.serial).counter == 0


def test_a_used_counter_is_not_accepted_again(server, enroll):
    device = enroll("alice")
    login = challenge_login(server, "alice")
    server.logins.answer_challenge(login.id, device.respond(login.challenge, 0))
    login = challenge_login(server, "alice")
    with pytest.raises(LoginFailed):
        server.logins.answer_challenge(login.id, device.respond(login.challenge, 0))


@pytest.mark.parametrize(
    "mangle",
    [off_by_one, lambda r: f"{r[:4]} {r[4:]}", lambda r: r[:7], lambda r: ""],
    ids=["wrong-digits", "with-a-space", "seven-digits", "empty"],
)
def test_a_wrong_response_fails_the_login_and_counts(server, enroll, mangle):
    device = enroll("alice")
    login = challenge_login(server, "alice")
    with pytest.raises(LoginFailed) as caught:
        server.logins.answer_challenge(login.id, mangle(device.respond(login.challenge, 0)))
    assert "failed" in str(caught.value)
    assert caught.value.code == "login_failed"
    assert server.logins.get(login.id).state == "failed"
    assert server.failure_count("alice") == 1
    assert server.device(device.serial).counter == 0


def test_a_challenge_answers_once(server, enroll):
    """A second answer to the same challenge, right or wrong, is at the wrong step."""
    device = enroll("alice")
    login = challenge_login(server, "alice")
    server.logins.answer_challenge(login.id, device.respond(login.challenge, 0))
    with pytest.raises(WrongStep, match="step 'complete'"):
        server.logins.answer_challenge(login.id, device.respond(login.challenge, 1))

    login = challenge_login(server, "alice")
    with pytest.raises(LoginFailed):
        server.logins.answer_challenge(login.id, off_by_one(device.respond(login.challenge, 1)))
    with pytest.raises(WrongStep, match="step 'failed'"):
        server.logins.answer_challenge(login.id, device.respond(login.challenge, 1))
    assert server.failure_count("alice") == 1


def test_a_login_expires_after_10_minutes(server, enroll, clock, settings):
    assert settings.login_lifetime == timedelta(minutes=10)
    device = enroll("alice")
    login = challenge_login(server, "alice")
    clock.advance(minutes=10)
    with pytest.raises(TransactionExpired, match="The login has expired"):
        server.logins.answer_challenge(login.id, device.respond(login.challenge, 0))
    assert server.failure_count("alice") == 0


def test_an_approval_cannot_complete_a_login_past_its_lifetime(server, enroll, clock):
    """Choosing IB Key again near the end re-arms the 3-minute push, not the 10-minute login."""
    device = enroll("alice")
    login = server.logins.start("alice", PASSWORD)
    clock.advance(minutes=9)
    server.logins.choose(login.id, device.serial)
    notification = server.push.pending(device.push_address)[-1]
    clock.advance(minutes=1, seconds=30)
    with pytest.raises(TransactionExpired):
        server.logins.approve(login.id, device.serial, device.sign_approval(notification))


def test_a_challenge_is_only_for_an_ib_key_login(server, make_user):
    make_user("alice")
    login = server.logins.start("alice", PASSWORD)
    with pytest.raises(WrongStep):
        server.logins.request_challenge(login.id)


# Several devices


def test_a_user_with_several_factors_chooses_one(server, enroll):
    device = enroll("alice")
    server.passcodes.print_security_card(server.accounts.find("alice"))
    login = server.logins.start("alice", PASSWORD)
    assert login.state == "choose_factor"
    assert [(f.key, f.kind, f.label) for f in login.factors] == [
        (device.serial, "ibkey", "IB Key"),
        (SECURITY_CARD, "security_card", "Online security card"),
    ]
    assert server.push.pending(device.push_address) == []
    chosen = server.logins.choose(login.id, device.serial)
    assert chosen.state == "push_wait"
    (notification,) = server.push.pending(device.push_address)
    assert notification.transaction_id == login.id


def test_ib_key_and_a_physical_device_are_both_offered(server, enroll, clock, settings):
    device = enroll("alice")
    kit = server.passcodes.ship_physical_device(server.accounts.find("alice"), pin="5678")
    clock.advance(settings.physical_device_activation_delay)
    login = server.logins.start("alice", PASSWORD)
    assert login.state == "choose_factor"
    assert [(f.key, f.kind) for f in login.factors] == [(device.serial, "ibkey"), (kit.serial, "physical")]
    assert login.factors[1].label == f"Security device {kit.serial}"


def test_choosing_a_factor_the_user_does_not_have_is_the_wrong_step(server, enroll):
    enroll("alice")
    bob_device = enroll("bob")
    server.passcodes.print_security_card(server.accounts.find("alice"))
    login = server.logins.start("alice", PASSWORD)
    with pytest.raises(WrongStep):
        server.logins.choose(login.id, bob_device.serial)


# KB3234: notifications that do not arrive


def test_an_undeliverable_push_address_gets_no_notification_until_a_challenge_login(server, enroll):
    device = enroll("alice")
    server.report_push_undeliverable(device.serial)
    assert server.device(device.serial).push_status == "lost"

    login = server.logins.start("alice", PASSWORD)
    assert login.state == "push_wait"
    assert server.push.pending(device.push_address) == []

    # Steps d-h: challenge/response logs in; step i: the next login gets its notification.
    login = server.logins.request_challenge(login.id)
    assert server.logins.answer_challenge(login.id, device.respond(login.challenge, 0)).complete
    assert server.device(device.serial).push_status == "active"
    next_login = server.logins.start("alice", PASSWORD)
    assert [n.transaction_id for n in server.push.pending(device.push_address)] == [next_login.id]
