"""Login problems 2 and 5-10: temporary passcodes, online security cards, physical devices, reactivation."""

import re
from datetime import timedelta

import pytest

from ibkey_reference import ocra
from ibkey_reference.server import passcodes
from ibkey_reference.server.errors import (
    ApprovalRejected,
    LoginFailed,
    NoActiveSecurityDevice,
    NotAvailableOnTradingPlatform,
    SecurityCardExpired,
    TemporaryPasscodeExpired,
    UnknownDevice,
    WrongStep,
)
from ibkey_reference.server.logins import SECURITY_CARD, TEMPORARY_PASSCODE

from .conftest import PASSWORD

PASSCODE_FORM = re.compile(r"[A-Z0-9]{8}")


@pytest.fixture
def alice(enroll):
    """An IB Key user; the device is returned, the user is `server.accounts.find('alice')`."""
    return enroll("alice")


def _login_with(factor, state, server, username, platform):
    login = server.logins.start(username, PASSWORD, platform)
    if login.state == "choose_factor":
        login = server.logins.choose(login.id, factor)
    assert login.state == state
    return login


def passcode_login(server, username="alice", platform="portal"):
    return _login_with(TEMPORARY_PASSCODE, "passcode", server, username, platform)


def card_login(server, username="alice", platform="portal"):
    return _login_with(SECURITY_CARD, "card", server, username, platform)


# Temporary passcode


def test_a_temporary_passcode_is_8_uppercase_letters_and_digits_valid_2_days(server, alice, clock):
    issued = server.passcodes.issue_temporary_passcode(server.accounts.find("alice"))
    assert PASSCODE_FORM.fullmatch(issued.passcode)
    assert issued.expires_at == clock.now() + timedelta(days=2)


def test_an_all_digit_draw_is_drawn_again_so_the_passcode_holds_a_letter(server, alice, monkeypatch):
    draws = iter("12345678" + "9A345678")
    monkeypatch.setattr(passcodes.secrets, "choice", lambda alphabet: next(draws))
    assert server.passcodes.issue_temporary_passcode(server.accounts.find("alice")).passcode == "9A345678"


def test_issuing_a_temporary_passcode_suspends_ib_key(server, alice):
    server.passcodes.issue_temporary_passcode(server.accounts.find("alice"))
    assert server.device(alice.serial).state == "suspended"
    assert not server.has_ibkey("alice")
    login = server.logins.start("alice", PASSWORD)
    assert [f.kind for f in login.factors] == [TEMPORARY_PASSCODE]
    assert login.state == "passcode"
    assert server.push.pending(alice.push_address) == []


def test_the_temporary_passcode_logs_in_to_the_portal(server, alice):
    issued = server.passcodes.issue_temporary_passcode(server.accounts.find("alice"))
    login = passcode_login(server)
    assert server.logins.answer_temporary_passcode(login.id, issued.passcode).complete


@pytest.mark.parametrize(
    "mangle",
    [str.lower, lambda p: f"{p[:4]} {p[4:]}", lambda p: f" {p}"],
    ids=["lowercase", "space-inside", "leading-space"],
)
def test_the_temporary_passcode_must_be_typed_exactly(server, alice, mangle):
    """Login problem 2a: letters in capitals; no spaces."""
    issued = server.passcodes.issue_temporary_passcode(server.accounts.find("alice"))
    login = passcode_login(server)
    with pytest.raises(LoginFailed) as caught:
        server.logins.answer_temporary_passcode(login.id, mangle(issued.passcode))
    assert "failed" in str(caught.value)
    assert server.failure_count("alice") == 1


@pytest.mark.parametrize(
    ("after", "expired"),
    [(timedelta(days=2, seconds=-1), False), (timedelta(days=2), True), (timedelta(days=3), True)],
    ids=["2d-1s", "2d", "3d"],
)
def test_the_temporary_passcode_expires_after_2_days(server, alice, clock, after, expired):
    issued = server.passcodes.issue_temporary_passcode(server.accounts.find("alice"))
    clock.advance(after)
    login = passcode_login(server)
    if expired:
        with pytest.raises(TemporaryPasscodeExpired, match="temporary passcode has expired"):
            server.logins.answer_temporary_passcode(login.id, issued.passcode)
        assert server.failure_count("alice") == 0, "an expired passcode is not a guess: it must not count"
    else:
        assert server.logins.answer_temporary_passcode(login.id, issued.passcode).complete


def test_the_temporary_passcode_is_refused_on_the_trading_platform(server, alice):
    """Login problem 9."""
    server.passcodes.issue_temporary_passcode(server.accounts.find("alice"))
    with pytest.raises(NotAvailableOnTradingPlatform) as caught:
        server.logins.start("alice", PASSWORD, "trading")
    assert str(caught.value).startswith("A temporary passcode logs in to the Client Portal only")


def test_the_temporary_passcode_cannot_be_chosen_among_several_on_the_trading_platform(server, alice):
    alice_user = server.accounts.find("alice")
    server.passcodes.issue_temporary_passcode(alice_user)
    server.passcodes.print_security_card(alice_user)
    login = server.logins.start("alice", PASSWORD, "trading")
    assert login.state == "choose_factor"
    with pytest.raises(NotAvailableOnTradingPlatform):
        server.logins.choose(login.id, TEMPORARY_PASSCODE)
    assert server.logins.choose(login.id, SECURITY_CARD).state == "card"


def test_a_new_temporary_passcode_replaces_the_old_one(server, alice):
    user = server.accounts.find("alice")
    old = server.passcodes.issue_temporary_passcode(user)
    new = server.passcodes.issue_temporary_passcode(user)
    login = passcode_login(server)
    if old.passcode != new.passcode:
        with pytest.raises(LoginFailed):
            server.logins.answer_temporary_passcode(login.id, old.passcode)
        login = passcode_login(server)
    assert server.logins.answer_temporary_passcode(login.id, new.passcode).complete


# Online security card


def test_a_security_card_is_a_grid_of_three_digit_values_valid_3_weeks(server, alice, clock):
    card = server.passcodes.print_security_card(server.accounts.find("alice"))
    assert len(card.values) == 64
    assert all(re.fullmatch(r"[A-H][1-8]", position) for position in card.values)
    assert all(re.fullmatch(r"[0-9]{3}", value) for value in card.values.values())
    assert card.expires_at == clock.now() + timedelta(weeks=3)


def test_the_card_answer_without_spaces_logs_in(server, alice):
    card = server.passcodes.print_security_card(server.accounts.find("alice"))
    login = card_login(server)
    assert len(login.card_positions) == 2
    assert set(login.card_positions) <= set(card.values)
    assert server.logins.answer_security_card(login.id, card.answer(list(login.card_positions))).complete


def test_the_card_answer_with_a_space_fails(server, alice):
    """Login problem 2b: no spaces between the characters."""
    card = server.passcodes.print_security_card(server.accounts.find("alice"))
    login = card_login(server)
    first, second = (card.values[position] for position in login.card_positions)
    with pytest.raises(LoginFailed):
        server.logins.answer_security_card(login.id, f"{first} {second}")
    assert server.failure_count("alice") == 1


def test_the_card_works_on_the_trading_platform(server, alice):
    user = server.accounts.find("alice")
    server.passcodes.issue_temporary_passcode(user)
    card = server.passcodes.print_security_card(user)
    login = card_login(server, platform="trading")
    assert server.logins.answer_security_card(login.id, card.answer(list(login.card_positions))).complete


@pytest.mark.parametrize(
    ("after", "expired"),
    [(timedelta(days=21, seconds=-1), False), (timedelta(days=21), True)],
    ids=["21d-1s", "21d"],
)
def test_the_security_card_expires_after_3_weeks(server, alice, clock, after, expired):
    card = server.passcodes.print_security_card(server.accounts.find("alice"))
    clock.advance(after)
    login = card_login(server)
    answer = card.answer(list(login.card_positions))
    if expired:
        with pytest.raises(SecurityCardExpired, match="online security card has expired"):
            server.logins.answer_security_card(login.id, answer)
    else:
        assert server.logins.answer_security_card(login.id, answer).complete


# Reactivation (login problem 10)


def test_reactivating_the_device_revokes_the_passcode_and_the_card(server, alice):
    user = server.accounts.find("alice")
    server.passcodes.issue_temporary_passcode(user)
    server.passcodes.print_security_card(user)
    server.passcodes.reactivate_device(user, alice.serial)

    assert server.device(alice.serial).state == "active"
    assert server.has_ibkey("alice")
    login = server.logins.start("alice", PASSWORD)
    assert [f.kind for f in login.factors] == ["ibkey"]
    assert login.state == "push_wait"
    with pytest.raises(WrongStep):
        server.logins.choose(login.id, TEMPORARY_PASSCODE)


@pytest.mark.parametrize("factor", [TEMPORARY_PASSCODE, SECURITY_CARD])
def test_a_revoked_passcode_or_card_fails_and_the_login_may_switch_to_the_device(server, alice, factor):
    """Reactivation while a login waits for the passcode or card: not a guess, so not counted."""
    user = server.accounts.find("alice")
    passcode = server.passcodes.issue_temporary_passcode(user)
    card = server.passcodes.print_security_card(user)
    login = passcode_login(server) if factor == TEMPORARY_PASSCODE else card_login(server)
    server.passcodes.reactivate_device(user, alice.serial)
    with pytest.raises(LoginFailed, match="no longer valid"):
        if factor == TEMPORARY_PASSCODE:
            server.logins.answer_temporary_passcode(login.id, passcode.passcode)
        else:
            server.logins.answer_security_card(login.id, card.answer(list(login.card_positions)))
    assert server.logins.get(login.id).state == login.state
    assert server.failure_count("alice") == 0
    assert server.logins.choose(login.id, alice.serial).state == "push_wait"


def test_a_suspended_device_cannot_finish_a_login_started_before(server, alice):
    """Client Services suspends IB Key (a temporary passcode) while a login waits for that phone."""
    push_login = server.logins.start("alice", PASSWORD)
    (notification,) = server.push.pending(alice.push_address)
    challenge = server.logins.request_challenge(server.logins.start("alice", PASSWORD).id)
    server.passcodes.issue_temporary_passcode(server.accounts.find("alice"))
    with pytest.raises(ApprovalRejected, match="this device is suspended"):
        server.logins.approve(push_login.id, alice.serial, alice.sign_approval(notification))
    with pytest.raises(LoginFailed, match="this device is suspended"):
        server.logins.answer_challenge(challenge.id, alice.respond(challenge.challenge, 0))
    assert server.failure_count("alice") == 0
    assert server.logins.choose(challenge.id, TEMPORARY_PASSCODE).state == "passcode"


def test_reactivating_an_unknown_device_is_refused(server, alice, enroll):
    bob_device = enroll("bob")
    with pytest.raises(UnknownDevice, match="IBK-"):
        server.passcodes.reactivate_device(server.accounts.find("alice"), bob_device.serial)


# Physical devices (login problem 8)


@pytest.mark.parametrize(
    ("after", "active"),
    [(timedelta(days=14, seconds=-1), False), (timedelta(days=14), True)],
    ids=["14d-1s", "14d"],
)
def test_a_shipped_device_becomes_a_factor_after_the_delay(server, make_user, clock, settings, after, active):
    assert settings.physical_device_activation_delay == timedelta(days=14)
    user = make_user("carol")
    kit = server.passcodes.ship_physical_device(user, pin="5678")
    assert server.device(kit.serial).state == "in_transit"
    clock.advance(after)
    if not active:
        with pytest.raises(NoActiveSecurityDevice, match="not active yet"):
            server.logins.start("carol", PASSWORD)
        return
    login = server.logins.start("carol", PASSWORD)
    assert [(f.key, f.kind) for f in login.factors] == [(kit.serial, "physical")]
    assert (login.state, login.method, login.device_serial) == ("challenge", "physical", kit.serial)
    assert server.logins.answer_challenge(login.id, kit.respond(login.challenge, 0)).complete
    assert server.device(kit.serial).counter == 1


def test_the_physical_device_response_uses_its_pin(server, make_user, clock, settings):
    user = make_user("carol")
    kit = server.passcodes.ship_physical_device(user, pin="5678")
    clock.advance(settings.physical_device_activation_delay)
    login = server.logins.start("carol", PASSWORD)
    wrong_pin = ocra.response(ocra.IBKEY_SUITE, kit.ocra_secret, login.challenge, counter=0, pin="0000")
    with pytest.raises(LoginFailed):
        server.logins.answer_challenge(login.id, wrong_pin)


def test_a_shipped_device_can_be_reactivated_by_hand_before_the_delay(server, alice, clock):
    user = server.accounts.find("alice")
    server.passcodes.issue_temporary_passcode(user)
    kit = server.passcodes.ship_physical_device(user, pin="5678")
    clock.advance(days=1)
    assert [f.kind for f in server.logins.start("alice", PASSWORD).factors] == [TEMPORARY_PASSCODE]

    server.passcodes.reactivate_device(user, kit.serial)
    login = server.logins.start("alice", PASSWORD)
    assert [f.key for f in login.factors] == [kit.serial]  # IB Key stays suspended, the passcode is revoked
    assert server.logins.answer_challenge(login.id, kit.respond(login.challenge, 0)).complete


def test_a_serial_drawn_twice_is_drawn_again_rather_than_failing_the_shipment(server, make_user, monkeypatch):
    draws = iter([42, 42, 43])
    monkeypatch.setattr("ibkey_reference.server.devices.secrets.randbelow", lambda _: next(draws))
    first = server.passcodes.ship_physical_device(make_user("dana"), pin="5678")
    second = server.passcodes.ship_physical_device(make_user("erin"), pin="5678")
    assert (first.serial, second.serial) == ("DSC-000000042", "DSC-000000043")
