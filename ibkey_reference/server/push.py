"""The push relay: notifications queued per push address, read by the phone over a long poll."""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass

from ibkey_reference.clock import Clock, unix_seconds
from ibkey_reference.server.store import Store


@dataclass(frozen=True)
class Notification:
    id: int
    transaction_id: str
    body: dict


class PushRelay:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self._posted = threading.Condition()

    def enqueue(self, connection: sqlite3.Connection, push_address: str, transaction_id: str, body: dict) -> None:
        """Queue within the caller's transaction; call `wake()` once it has committed."""
        connection.execute(
            "INSERT INTO notifications (push_address, transaction_id, body_json, created_at) VALUES (?, ?, ?, ?)",
            (push_address, transaction_id, json.dumps(body), unix_seconds(self._clock.now())),
        )

    def wake(self) -> None:
        with self._posted:
            self._posted.notify_all()

    def pending(self, push_address: str, after_id: int = 0) -> list[Notification]:
        rows = self._store.read().execute(
            "SELECT id, transaction_id, body_json FROM notifications WHERE push_address = ? AND id > ? ORDER BY id",
            (push_address, after_id),
        ).fetchall()
        return [Notification(row["id"], row["transaction_id"], json.loads(row["body_json"])) for row in rows]

    def wait(self, push_address: str, after_id: int, timeout: float) -> list[Notification]:
        """Block until a notification newer than `after_id` is queued for the address, or until `timeout`."""
        with self._posted:
            found = self.pending(push_address, after_id)
            if not found:
                self._posted.wait_for(lambda: bool(self.pending(push_address, after_id)), timeout=timeout)
                found = self.pending(push_address, after_id)
        return found
