import re
import threading
from collections import Counter
from datetime import timedelta

import pytest

from ibkey_reference import crypto, ocra, qr
from ibkey_reference.server.errors import (
    ActivationCodeUsed,
    ActivationExpired,
    ActivationUnknown,
    UserAlreadyEnrolled,
)

from .conftest import PASSWORD, Phone

CODE_FORM = re.compile(rf"[{qr.ALPHABET}]{{4}}-[{qr.ALPHABET}]{{4}}-[{qr.ALPHABET}]{{4}}")
FRESH_QR = "Log out of the Client Portal and log back in to get a fresh QR code."


@pytest.fixture
def alice(make_user):
    return make_user("alice")


def test_start_shows_a_fresh_12_character_code_valid_for_15_minutes(server, alice, clock):
    session = server.activations.start(alice)
    assert CODE_FORM.fullmatch(session.code)
    assert session.expires_at == clock.now() + timedelta(minutes=15)
    assert session.payload.to_uri() == f"https://www.ibkr.com/ibkey/activate?v=1&code={session.code}"


def test_activation_enrolls_an_ib_key_device_and_seals_its_secret_to_the_phone(server, alice):
    phone = Phone()
    session = server.activations.start(alice)
    enrollment = server.activations.activate(phone.request(session.code))

    assert enrollment.username == "alice"
    assert enrollment.suite == ocra.IBKEY_SUITE == "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1"
    assert enrollment.counter == 0
    device = server.device(enrollment.device_serial)
    assert device.serial.startswith("IBK-")
    assert (device.kind, device.state, device.platform, device.counter) == ("ibkey", "active", "ios", 0)
    assert (device.push_address, device.push_status) == (phone.push_address, "active")
    assert device.signing_public_key == phone.signing_key.public_bytes()
    assert device.pin_hash == ocra.pin_hash("1234")
    secret = phone.transport_key.open(enrollment.envelope, context=session.code.encode("ascii"))
    assert secret == device.ocra_secret
    assert len(secret) == 20
    assert server.has_ibkey("alice")


def test_the_envelope_opens_only_for_the_phone_that_asked(server, alice):
    session = server.activations.start(alice)
    enrollment = server.activations.activate(Phone().request(session.code))
    with pytest.raises(crypto.DecryptionFailed):
        Phone().transport_key.open(enrollment.envelope, context=session.code.encode("ascii"))


def test_a_typed_code_may_be_lowercase_and_spaced(server, alice):
    code = server.activations.start(alice).code
    typed = code.lower().replace("-", " ")
    device = Phone().activate(server, typed)
    assert device.username == "alice"


def test_a_code_is_single_use(server, alice):
    code = server.activations.start(alice).code
    Phone().activate(server, code)
    with pytest.raises(ActivationCodeUsed) as caught:
        Phone().activate(server, code)
    assert str(caught.value) == f"This QR code or activation code was already used. {FRESH_QR}"
    assert len(server.devices_of("alice")) == 1


@pytest.mark.parametrize(
    ("after", "expired"),
    [(timedelta(minutes=15, seconds=-1), False), (timedelta(minutes=15), True), (timedelta(hours=1), True)],
    ids=["15min-1s", "15min", "1h"],
)
def test_a_code_expires_after_its_lifetime(server, alice, clock, settings, after, expired):
    assert settings.activation_lifetime == timedelta(minutes=15)
    code = server.activations.start(alice).code
    clock.advance(after)
    if expired:
        with pytest.raises(ActivationExpired) as caught:
            Phone().activate(server, code)
        assert str(caught.value) == f"This QR code or activation code has expired. {FRESH_QR}"
        assert server.devices_of("alice") == []
    else:
        assert Phone().activate(server, code).username == "alice"


def test_after_expiry_a_fresh_code_works(server, alice, clock):
    server.activations.start(alice)
    clock.advance(hours=2)
    assert Phone().activate(server, server.activations.start(alice).code).username == "alice"


def test_a_fresh_code_supersedes_the_one_shown_before(server, alice):
    old_code = server.activations.start(alice).code
    new_code = server.activations.start(alice).code
    with pytest.raises(ActivationExpired):
        Phone().activate(server, old_code)
    assert Phone().activate(server, new_code).username == "alice"


def test_a_well_formed_code_never_issued_is_unknown(server, alice):
    issued = server.activations.start(alice).code
    never_issued = "2222-2222-2222" if issued != "2222-2222-2222" else "3333-3333-3333"
    with pytest.raises(ActivationUnknown, match="No activation is waiting for this code"):
        Phone().activate(server, never_issued)


@pytest.mark.parametrize("typed", ["", "hello", "ABCD-EFGH-JK2", "ABCD-EFGH-JK2O", "ABCD-EFGH-JK23-4"])
def test_garbage_is_an_invalid_activation_code(server, typed):
    with pytest.raises(qr.InvalidActivationCode):
        Phone().activate(server, typed)


def test_starting_for_an_enrolled_user_is_refused(server, enroll):
    enroll("alice")
    with pytest.raises(UserAlreadyEnrolled) as caught:
        server.activations.start(server.accounts.find("alice"))
    assert str(caught.value).startswith(
        "This user already has IBKR Mobile Authentication (IB Key) activated."
    )


def test_a_second_code_activated_after_enrollment_is_refused_and_used_up(server, enroll):
    """A code can be pending while IB Key is suspended; if the device is reactivated first, it is refused."""
    device = enroll("alice")
    alice = server.accounts.find("alice")
    server.passcodes.issue_temporary_passcode(alice)  # suspends IB Key, so a new activation may start
    code = server.activations.start(alice).code
    server.passcodes.reactivate_device(alice, device.serial)
    with pytest.raises(UserAlreadyEnrolled):
        Phone().activate(server, code)
    with pytest.raises(ActivationCodeUsed):
        Phone().activate(server, code)
    assert [d.serial for d in server.devices_of("alice")] == [device.serial]


def test_several_users_may_enroll_the_same_phone(server, enroll):
    phone = Phone()
    alice_device = enroll("alice", phone)
    bob_device = enroll("bob", phone)
    assert alice_device.serial != bob_device.serial
    assert alice_device.ocra_secret != bob_device.ocra_secret
    server.logins.start("alice", PASSWORD)
    server.logins.start("bob", PASSWORD)
    users = [notification.body["username"] for notification in server.push.pending(phone.push_address)]
    assert users == ["alice", "bob"]


@pytest.mark.parametrize(
    "bad_field",
    [
        {"signing_public_key": b"\x04" + b"\x00" * 64},
        {"signing_public_key": b"not a key"},
        {"transport_public_key": b"\x04" + b"\x01" * 64},
    ],
    ids=["signing-off-curve", "signing-garbage", "transport-off-curve"],
)
def test_a_malformed_key_is_refused_without_using_up_the_code(server, alice, bad_field):
    phone = Phone()
    code = server.activations.start(alice).code
    with pytest.raises(crypto.MalformedKey):
        server.activations.activate(phone.request(code, **bad_field))
    assert server.devices_of("alice") == []
    assert phone.activate(server, code).username == "alice"


def test_an_unsupported_platform_is_refused_without_using_up_the_code(server, alice):
    phone = Phone()
    code = server.activations.start(alice).code
    with pytest.raises(ValueError, match="platform 'windows' is not supported"):
        server.activations.activate(phone.request(code, platform="windows"))
    assert phone.activate(server, code).username == "alice"


def test_two_phones_racing_on_one_code_enroll_exactly_one(server, alice):
    code = server.activations.start(alice).code
    racers = 8
    barrier = threading.Barrier(racers, timeout=10)
    outcomes: list[str] = []
    lock = threading.Lock()
    phones = [Phone() for _ in range(racers)]

    def race(phone: Phone) -> None:
        barrier.wait()
        try:
            phone.activate(server, code)
            outcome = "enrolled"
        except ActivationCodeUsed:
            outcome = "used"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=race, args=(phone,)) for phone in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert Counter(outcomes) == {"enrolled": 1, "used": racers - 1}
    assert len(server.devices_of("alice")) == 1
