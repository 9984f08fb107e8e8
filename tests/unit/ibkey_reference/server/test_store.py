import sqlite3
from pathlib import Path

import pytest

import ibkey_reference.server
from ibkey_reference.server import ReferenceServer
from ibkey_reference.server.errors import ActivationCodeUsed, NoSuchUser
from ibkey_reference.server.store import Store

from .conftest import PASSWORD, Phone

LATEST_SCHEMA = 2

TABLES = {
    "users",
    "login_failures",
    "activation_sessions",
    "devices",
    "temporary_passcodes",
    "security_cards",
    "login_transactions",
    "notifications",
}


def _tables(store: Store) -> set[str]:
    rows = store.read().execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {row["name"] for row in rows}


def test_a_new_store_is_migrated_to_the_latest_version(server):
    assert server.store.schema_version == LATEST_SCHEMA
    assert _tables(server.store) >= TABLES


def test_the_store_runs_in_wal_mode(server):
    assert server.store.read().execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_the_same_file_keeps_the_data_and_does_not_migrate_again(tmp_path, clock, settings):
    path = tmp_path / "ibkey.sqlite3"
    first = ReferenceServer(path, clock, settings)
    first.accounts.create_user("alice", PASSWORD)
    first.close()

    second = ReferenceServer(path, clock, settings)
    try:
        assert second.store.schema_version == LATEST_SCHEMA
        assert second.accounts.find("alice").username == "alice"
        assert second.accounts.check_password("alice", PASSWORD).username == "alice"
    finally:
        second.close()


def test_a_restart_between_two_activations_loses_no_committed_enrollment(tmp_path, clock, settings):
    path = tmp_path / "ibkey.sqlite3"
    before = ReferenceServer(path, clock, settings)
    alice = before.accounts.create_user("alice", PASSWORD)
    bob = before.accounts.create_user("bob", PASSWORD)
    alice_code = before.activations.start(alice).code
    bob_code = before.activations.start(bob).code
    alice_phone, bob_phone = Phone(), Phone()
    alice_device = alice_phone.activate(before, alice_code)
    before.close()

    after = ReferenceServer(path, clock, settings)
    try:
        bob_device = bob_phone.activate(after, bob_code)
        assert after.has_ibkey("alice") and after.has_ibkey("bob")
        assert [device.serial for device in after.devices_of("alice")] == [alice_device.serial]
        assert [device.serial for device in after.devices_of("bob")] == [bob_device.serial]
        # Alice's secret survived the restart: her phone's responses still log her in.
        login = after.logins.request_challenge(after.logins.start("alice", PASSWORD).id)
        assert after.logins.answer_challenge(login.id, alice_device.respond(login.challenge, 0)).complete
        # ...and her code stayed used.
        with pytest.raises(ActivationCodeUsed):
            alice_phone.activate(after, alice_code)
    finally:
        after.close()


def test_a_failing_transaction_rolls_back(server):
    with pytest.raises(RuntimeError, match="boom"), server.store.transaction() as connection:
        connection.execute("INSERT INTO users (username, password_hash, created_at) VALUES ('ghost', 'x', 0)")
        raise RuntimeError("boom")
    with pytest.raises(NoSuchUser):
        server.accounts.find("ghost")
    # The connection is usable again: the next transaction commits.
    server.accounts.create_user("ghost", PASSWORD)
    assert server.accounts.find("ghost").username == "ghost"


def test_a_failing_statement_rolls_back_the_earlier_ones(server, make_user):
    make_user("alice")
    with pytest.raises(sqlite3.IntegrityError), server.store.transaction() as connection:
        connection.execute("INSERT INTO users (username, password_hash, created_at) VALUES ('bob', 'x', 0)")
        connection.execute("INSERT INTO users (username, password_hash, created_at) VALUES ('alice', 'x', 0)")
    with pytest.raises(NoSuchUser):
        server.accounts.find("bob")


def test_a_closed_store_refuses_use(tmp_path):
    store = Store(tmp_path / "ibkey.sqlite3")
    store.close()
    with pytest.raises(RuntimeError, match="closed"):
        store.read()


def test_a_version_1_database_is_migrated_in_place_and_keeps_its_failures(tmp_path):
    path = tmp_path / "v1.sqlite3"
    connection = sqlite3.connect(path)
    connection.executescript(
        (Path(ibkey_reference.server.__file__).parent / "migrations" / "001_initial.sql").read_text()
        + "; PRAGMA user_version=1;"
        "INSERT INTO users (id, username, password_hash, created_at) VALUES (1, 'alice', 'x', 0);"
        "INSERT INTO login_failures (user_id, count, last_failure_at) VALUES (1, 3, 500);"
    )
    connection.close()
    store = Store(path)
    try:
        assert store.schema_version == LATEST_SCHEMA
        row = store.read().execute("SELECT count, first_failure_at FROM login_failures").fetchone()
        assert (row["count"], row["first_failure_at"]) == (3, 500)
    finally:
        store.close()
