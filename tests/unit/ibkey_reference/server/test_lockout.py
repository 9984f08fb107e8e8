"""Login problem 1: 10 consecutive failures within 24 hours lock the login until 24 h after the last one."""

import threading
from collections import Counter
from datetime import timedelta

import pytest

from ibkey_reference.server.errors import AccountLocked, InvalidCredentials, LoginFailed

from .conftest import PASSWORD

LOCKED_MESSAGE = (
    "Too many failed login attempts: this login is locked for 24 hours after the last failed attempt."
)


def fail_passwords(server, username, times):
    for _ in range(times):
        with pytest.raises(InvalidCredentials):
            server.logins.start(username, "wrong password")


def wrong_response(right: str) -> str:
    return "".join(str((int(digit) + 1) % 10) for digit in right)


def test_the_tenth_failure_is_still_invalid_credentials_and_the_eleventh_attempt_is_locked(server, make_user):
    make_user("alice")
    fail_passwords(server, "alice", 10)
    assert server.failure_count("alice") == 10
    with pytest.raises(AccountLocked) as caught:
        server.logins.start("alice", "wrong password")
    assert str(caught.value) == LOCKED_MESSAGE
    assert caught.value.code == "account_locked"


def test_while_locked_even_the_right_password_is_refused(server, make_user, clock):
    make_user("alice")
    fail_passwords(server, "alice", 10)
    last_failure = clock.now()
    with pytest.raises(AccountLocked) as caught:
        server.logins.start("alice", PASSWORD)
    assert caught.value.until == int((last_failure + timedelta(hours=24)).timestamp())
    assert server.failure_count("alice") == 10


@pytest.mark.parametrize(
    ("after_last_failure", "locked"),
    [
        (timedelta(hours=24, seconds=-1), True),
        (timedelta(hours=24), False),
        (timedelta(hours=24, seconds=1), False),
    ],
    ids=["24h-1s", "24h", "24h+1s"],
)
def test_the_lock_ends_24_hours_after_the_last_failure(server, make_user, clock, after_last_failure, locked):
    make_user("alice")
    fail_passwords(server, "alice", 9)
    clock.advance(hours=5)  # the lock runs from the last failure, not the first
    fail_passwords(server, "alice", 1)
    clock.advance(after_last_failure)
    if locked:
        with pytest.raises(AccountLocked):
            server.logins.start("alice", PASSWORD)
    else:
        assert server.logins.start("alice", PASSWORD).complete
        assert server.failure_count("alice") == 0


def test_a_wrong_password_while_locked_moves_the_end_of_the_lock(server, make_user, clock):
    make_user("alice")
    fail_passwords(server, "alice", 10)
    clock.advance(hours=23)
    with pytest.raises(AccountLocked):
        server.logins.start("alice", "wrong password")
    clock.advance(hours=1, seconds=1)  # 24h after the tenth failure, 1h after the last one
    with pytest.raises(AccountLocked):
        server.logins.start("alice", PASSWORD)
    clock.advance(hours=23)  # 24h + 1s after the last one
    assert server.logins.start("alice", PASSWORD).complete


def test_a_successful_login_resets_the_count(server, make_user):
    make_user("alice")
    fail_passwords(server, "alice", 9)
    assert server.logins.start("alice", PASSWORD).complete
    assert server.failure_count("alice") == 0
    fail_passwords(server, "alice", 9)
    assert server.logins.start("alice", PASSWORD).complete


def test_a_right_password_alone_does_not_reset_the_count_until_the_second_factor_passes(server, enroll):
    device = enroll("alice")
    fail_passwords(server, "alice", 9)
    login = server.logins.start("alice", PASSWORD)
    assert login.state == "push_wait"
    assert server.failure_count("alice") == 9
    (notification,) = server.push.pending(device.push_address)
    assert server.logins.approve(login.id, device.serial, device.sign_approval(notification)).complete
    assert server.failure_count("alice") == 0


def test_failures_more_than_24_hours_apart_do_not_accumulate(server, make_user, clock):
    make_user("alice")
    fail_passwords(server, "alice", 9)
    clock.advance(hours=24, seconds=1)
    fail_passwords(server, "alice", 1)
    assert server.failure_count("alice") == 1
    fail_passwords(server, "alice", 8)
    assert server.logins.start("alice", PASSWORD).complete


def test_failures_less_than_24_hours_apart_accumulate(server, make_user, clock):
    make_user("alice")
    fail_passwords(server, "alice", 9)
    clock.advance(hours=24, seconds=-1)
    fail_passwords(server, "alice", 1)
    with pytest.raises(AccountLocked):
        server.logins.start("alice", PASSWORD)


def test_a_wrong_challenge_response_counts_toward_the_lock(server, enroll):
    device = enroll("alice")
    fail_passwords(server, "alice", 9)
    login = server.logins.request_challenge(server.logins.start("alice", PASSWORD).id)
    right = device.respond(login.challenge, 0)
    with pytest.raises(LoginFailed):
        server.logins.answer_challenge(login.id, wrong_response(right))
    assert server.failure_count("alice") == 10
    with pytest.raises(AccountLocked):
        server.logins.start("alice", PASSWORD)


def test_an_open_login_cannot_be_finished_once_the_account_is_locked(server, enroll):
    device = enroll("alice")
    push_login = server.logins.start("alice", PASSWORD)
    challenge_login = server.logins.request_challenge(server.logins.start("alice", PASSWORD).id)
    fail_passwords(server, "alice", 10)
    (notification, _) = server.push.pending(device.push_address)
    with pytest.raises(AccountLocked):
        server.logins.approve(push_login.id, device.serial, device.sign_approval(notification))
    with pytest.raises(AccountLocked):
        server.logins.answer_challenge(challenge_login.id, device.respond(challenge_login.challenge, 0))
    assert server.failure_count("alice") == 10


def test_the_lock_is_per_user(server, make_user):
    make_user("alice")
    make_user("bob")
    fail_passwords(server, "alice", 10)
    assert server.logins.start("bob", PASSWORD).complete


def test_attempts_for_unknown_users_lock_nobody(server, make_user):
    make_user("alice")
    for _ in range(11):
        with pytest.raises(InvalidCredentials):
            server.logins.start("alicf", "wrong password")
    assert server.failure_count("alice") == 0


def test_32_simultaneous_wrong_passwords_count_exactly_ten(server, make_user):
    make_user("alice")
    attempts = 32
    barrier = threading.Barrier(attempts, timeout=10)
    outcomes: list[type] = []
    outcomes_lock = threading.Lock()

    def attempt() -> None:
        barrier.wait()
        try:
            server.logins.start("alice", "wrong password")
            outcome: type = object
        except Exception as error:
            outcome = type(error)
        with outcomes_lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)

    assert Counter(outcomes) == {InvalidCredentials: 10, AccountLocked: attempts - 10}
    assert server.failure_count("alice") == 10


def test_ten_failures_spread_over_more_than_24_hours_do_not_lock(server, make_user, clock):
    """Ten in a row three hours apart span 27 hours: the run restarts once 24 h have passed since its first."""
    make_user("dave")
    for _ in range(9):
        with pytest.raises(InvalidCredentials):
            server.accounts.check_password("dave", "wrong")
        clock.advance(hours=3)
    with pytest.raises(InvalidCredentials):
        server.accounts.check_password("dave", "wrong")
    assert server.failure_count("dave") == 2
    assert server.accounts.check_password("dave", PASSWORD).username == "dave"
