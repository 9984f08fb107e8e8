"""Login problem 1: 10 consecutive failures within 24 hours lock the login until 24 hours after the last."""

from __future__ import annotations

import sqlite3

from ibkey_reference.clock import Clock, unix_seconds
from ibkey_reference.server.errors import AccountLocked
from ibkey_reference.server.settings import ServerSettings


class Lockout:
    def __init__(self, clock: Clock, settings: ServerSettings) -> None:
        self._clock = clock
        self._threshold = settings.lockout_threshold
        self._period = int(settings.lockout_period.total_seconds())
        self._window = int(settings.lockout_window.total_seconds())

    def locked_until(self, connection: sqlite3.Connection, user_id: int) -> int | None:
        row = connection.execute(
            "SELECT count, last_failure_at FROM login_failures WHERE user_id = ?", (user_id,)
        ).fetchone()
        if row is None or row["count"] < self._threshold:
            return None
        until = row["last_failure_at"] + self._period
        return until if unix_seconds(self._clock.now()) < until else None

    def ensure_unlocked(self, connection: sqlite3.Connection, user_id: int) -> None:
        until = self.locked_until(connection, user_id)
        if until is not None:
            raise AccountLocked(until)

    def record_failure(self, connection: sqlite3.Connection, user_id: int) -> int:
        """Count one failure (within the caller's transaction) and return the consecutive count.

        A run counts failures within 24 hours of its first one; a later failure starts a new run. Once
        locked, a failure moves the end of the lock, since it lasts 24 hours from the last wrong attempt.
        """
        now = unix_seconds(self._clock.now())
        row = connection.execute(
            "SELECT count, first_failure_at, last_failure_at FROM login_failures WHERE user_id = ?", (user_id,)
        ).fetchone()
        locked = row is not None and row["count"] >= self._threshold and now - row["last_failure_at"] < self._period
        if locked:
            count, first = row["count"], row["first_failure_at"]
        elif row is None or now - row["first_failure_at"] >= self._window:
            count, first = 1, now
        else:
            count, first = row["count"] + 1, row["first_failure_at"]
        connection.execute(
            "INSERT INTO login_failures (user_id, count, first_failure_at, last_failure_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET count = excluded.count, "
            "first_failure_at = excluded.first_failure_at, last_failure_at = excluded.last_failure_at",
            (user_id, count, first, now),
        )
        return count

    def reset(self, connection: sqlite3.Connection, user_id: int) -> None:
        connection.execute("DELETE FROM login_failures WHERE user_id = ?", (user_id,))

    def failure_count(self, connection: sqlite3.Connection, user_id: int) -> int:
        row = connection.execute("SELECT count FROM login_failures WHERE user_id = ?", (user_id,)).fetchone()
        return row["count"] if row else 0
