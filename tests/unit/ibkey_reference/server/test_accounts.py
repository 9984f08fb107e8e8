import pytest

from ibkey_reference.server.accounts import USERNAME_MAX_LENGTH
from ibkey_reference.server.errors import InvalidCharacters, InvalidCredentials, NoSuchUser, UserExists

from .conftest import PASSWORD

INVALID_CREDENTIALS = "Invalid username password combination"


def test_the_right_password_returns_the_user(server, make_user):
    created = make_user("alice_01")
    assert server.accounts.check_password("alice_01", PASSWORD) == created


def test_a_wrong_password_is_invalid_credentials_and_counts(server, make_user):
    make_user("alice")
    with pytest.raises(InvalidCredentials) as caught:
        server.accounts.check_password("alice", "not the password")
    assert str(caught.value) == INVALID_CREDENTIALS
    assert caught.value.code == "invalid_credentials"
    assert server.failure_count("alice") == 1


@pytest.mark.parametrize("typed", ["Alice", "ALICE", "alicE"])
def test_a_user_name_typed_with_capitals_is_invalid_credentials(server, make_user, typed):
    """Login problem 1: user names are all lowercase, so Caps Lock gives the bad-combination message."""
    make_user("alice")
    with pytest.raises(InvalidCredentials) as caught:
        server.accounts.check_password(typed, PASSWORD)
    assert str(caught.value) == INVALID_CREDENTIALS
    assert server.failure_count("alice") == 0


def test_an_unknown_user_gets_the_same_message_as_a_wrong_password(server):
    with pytest.raises(InvalidCredentials) as caught:
        server.accounts.check_password("nobody", PASSWORD)
    assert str(caught.value) == INVALID_CREDENTIALS


@pytest.mark.parametrize(
    ("typed", "invalid"),
    [
        ("alice!", "!"),
        ("alice smith", " "),
        ("alice.smith", "."),
        ("alice@example.com", ".@"),
        ("alice-b", "-"),
        ("ありす", "あすり"),
        ("alicé", "é"),
    ],
)
def test_characters_outside_the_set_are_invalid_characters_not_failures(server, make_user, typed, invalid):
    """Login problem 11: the message names the characters; no attempt is counted against anyone."""
    make_user("alice")
    with pytest.raises(InvalidCharacters) as caught:
        server.accounts.check_password(typed, "wrong")
    assert caught.value.characters == invalid
    assert str(caught.value).startswith("Invalid characters in the user name")
    assert repr(invalid) in str(caught.value)
    assert server.failure_count("alice") == 0


def test_invalid_characters_are_reported_before_the_lock(server, make_user):
    make_user("alice")
    for _ in range(10):
        with pytest.raises(InvalidCredentials):
            server.accounts.check_password("alice", "wrong")
    with pytest.raises(InvalidCharacters):
        server.accounts.check_password("alice!", PASSWORD)
    assert server.failure_count("alice") == 10


def test_passwords_are_stored_hashed_and_salted(server, make_user):
    make_user("alice")
    make_user("bob")
    rows = server.store.read().execute("SELECT * FROM users ORDER BY username").fetchall()
    for row in rows:
        stored = " ".join(str(value) for value in row)
        assert PASSWORD not in stored
        assert row["password_hash"].startswith("scrypt$")
    assert rows[0]["password_hash"] != rows[1]["password_hash"]


@pytest.mark.parametrize(
    "username",
    ["Alice", "", "a" * (USERNAME_MAX_LENGTH + 1)],
    ids=["capitals", "empty", "too-long"],
)
def test_create_user_refuses_names_a_person_could_not_type_at_login(server, username):
    with pytest.raises(ValueError, match="is not allowed"):
        server.accounts.create_user(username, PASSWORD)


def test_create_user_refuses_invalid_characters_and_empty_passwords(server):
    with pytest.raises(InvalidCharacters):
        server.accounts.create_user("alice smith", PASSWORD)
    with pytest.raises(ValueError, match="password must not be empty"):
        server.accounts.create_user("alice", "")


def test_user_names_are_unique(server, make_user):
    make_user("alice")
    with pytest.raises(UserExists, match="'alice' already exists"):
        make_user("alice", "another password")


def test_find_names_the_missing_user(server):
    with pytest.raises(NoSuchUser, match="'nobody'"):
        server.accounts.find("nobody")
