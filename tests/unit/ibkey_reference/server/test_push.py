"""The push relay: notifications queued per address and a long poll that wakes when one is posted."""

import threading
import time

import pytest

ADDRESS = "apns:phone-1"
OTHER_ADDRESS = "apns:phone-2"


def post(server, address, transaction_id, body=None):
    """Queue a notification the way a login does: inside a transaction, then wake the waiters."""
    with server.store.transaction() as connection:
        server.push.enqueue(connection, address, transaction_id, body or {"transaction_id": transaction_id})
    server.push.wake()


def test_pending_lists_an_address_notifications_in_order_after_an_id(server):
    post(server, ADDRESS, "t1", {"transaction_id": "t1", "nested": {"n": [1, 2]}})
    post(server, OTHER_ADDRESS, "t2")
    post(server, ADDRESS, "t3")
    pending = server.push.pending(ADDRESS)
    assert [n.transaction_id for n in pending] == ["t1", "t3"]
    assert pending[0].body == {"transaction_id": "t1", "nested": {"n": [1, 2]}}
    assert [n.transaction_id for n in server.push.pending(ADDRESS, after_id=pending[0].id)] == ["t3"]
    assert server.push.pending(ADDRESS, after_id=pending[1].id) == []


def test_a_notification_rolled_back_with_its_transaction_is_not_queued(server):
    with pytest.raises(RuntimeError), server.store.transaction() as connection:
        server.push.enqueue(connection, ADDRESS, "t1", {})
        raise RuntimeError("the login step failed")
    assert server.push.pending(ADDRESS) == []


def test_wait_returns_at_once_when_something_is_pending(server):
    post(server, ADDRESS, "t1")
    started = time.monotonic()
    found = server.push.wait(ADDRESS, after_id=0, timeout=10)
    assert [n.transaction_id for n in found] == ["t1"]
    assert time.monotonic() - started < 5


def test_wait_returns_nothing_after_the_timeout(server):
    post(server, OTHER_ADDRESS, "t1")
    started = time.monotonic()
    assert server.push.wait(ADDRESS, after_id=0, timeout=0.05) == []
    assert 0.05 <= time.monotonic() - started < 5


def test_wait_ignores_notifications_already_seen(server):
    post(server, ADDRESS, "t1")
    (seen,) = server.push.pending(ADDRESS)
    assert server.push.wait(ADDRESS, after_id=seen.id, timeout=0.05) == []


def test_wait_wakes_when_another_thread_posts(server, monkeypatch):
    # Post only once the waiter has found nothing: it holds the relay's condition from that check until
    # it waits, so this exercises the wake-up rather than the first look.
    looked = threading.Event()
    pending = server.push.pending

    def pending_and_tell(address, after_id=0):
        found = pending(address, after_id)
        if not found:
            looked.set()
        return found

    monkeypatch.setattr(server.push, "pending", pending_and_tell)
    result: dict = {}

    def waiter() -> None:
        started = time.monotonic()
        result["found"] = server.push.wait(ADDRESS, after_id=0, timeout=20)
        result["waited"] = time.monotonic() - started

    thread = threading.Thread(target=waiter)
    thread.start()
    assert looked.wait(timeout=10)
    post(server, ADDRESS, "t1")
    thread.join(timeout=20)
    assert not thread.is_alive()
    assert [n.transaction_id for n in result["found"]] == ["t1"]
    assert result["waited"] < 10  # woken, not timed out


def test_a_login_wakes_the_phone_waiting_on_its_address(server, enroll):
    device = enroll("alice")
    result: dict = {}
    thread = threading.Thread(
        target=lambda: result.setdefault("found", server.push.wait(device.push_address, 0, timeout=20))
    )
    thread.start()
    login = server.logins.start("alice", "correct horse 7")
    thread.join(timeout=20)
    assert not thread.is_alive()
    assert [n.transaction_id for n in result["found"]] == [login.id]
