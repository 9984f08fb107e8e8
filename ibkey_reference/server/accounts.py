"""Users and the password step: lowercase user names, scrypt hashes, login problems 1 and 11."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from ibkey_reference import crypto
from ibkey_reference.clock import Clock, unix_seconds
from ibkey_reference.server.errors import (
    AccountLocked,
    InvalidCharacters,
    InvalidCredentials,
    NoSuchUser,
    UserExists,
)
from ibkey_reference.server.lockout import Lockout
from ibkey_reference.server.settings import ServerSettings
from ibkey_reference.server.store import Store

USERNAME_CHARACTERS = re.compile(r"[A-Za-z0-9_]")
USERNAME_MAX_LENGTH = 64


@dataclass(frozen=True)
class User:
    id: int
    username: str


def check_username_characters(username: str) -> None:
    """Login problem 11: a character outside letters, digits and underscore is refused as such."""
    invalid = "".join(sorted({c for c in username if not USERNAME_CHARACTERS.fullmatch(c)}))
    if invalid:
        raise InvalidCharacters(invalid)


class Accounts:
    def __init__(self, store: Store, clock: Clock, settings: ServerSettings, lockout: Lockout) -> None:
        self._store = store
        self._clock = clock
        self._settings = settings
        self._lockout = lockout
        # Verified against when the user does not exist, so both paths cost one KDF.
        self._decoy_hash = crypto.hash_password("decoy", settings.password_cost)

    def create_user(self, username: str, password: str) -> User:
        check_username_characters(username)
        if username != username.lower() or not username or len(username) > USERNAME_MAX_LENGTH:
            raise ValueError(
                f"user name {username!r} is not allowed: use 1-{USERNAME_MAX_LENGTH} lowercase letters, "
                "digits or underscores"
            )
        if not password:
            raise ValueError("the password must not be empty")
        password_hash = crypto.hash_password(password, self._settings.password_cost)
        with self._store.transaction() as connection:
            try:
                cursor = connection.execute(
                    "INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?)",
                    (username, password_hash, unix_seconds(self._clock.now())),
                )
            except sqlite3.IntegrityError:
                raise UserExists(username) from None
        return User(cursor.lastrowid, username)

    def find(self, username: str) -> User:
        row = self._store.read().execute(
            "SELECT id, username FROM users WHERE username = ?", (username,)
        ).fetchone()
        if row is None:
            raise NoSuchUser(username)
        return User(row["id"], row["username"])

    def check_password(self, username: str, password: str) -> User:
        """The password step: invalid characters, unknown user, lock, then the password itself."""
        check_username_characters(username)
        row = self._store.read().execute(
            "SELECT id, username, password_hash FROM users WHERE username = ?", (username,)
        ).fetchone()
        if row is None:
            crypto.verify_password(password, self._decoy_hash)
            raise InvalidCredentials()
        password_ok = crypto.verify_password(password, row["password_hash"])
        with self._store.transaction() as connection:
            locked_until = self._lockout.locked_until(connection, row["id"])
            if not password_ok:
                self._lockout.record_failure(connection, row["id"])
                if locked_until is not None:
                    locked_until = self._lockout.locked_until(connection, row["id"])
        if locked_until is not None:
            raise AccountLocked(locked_until)
        if not password_ok:
            raise InvalidCredentials()
        return User(row["id"], row["username"])
