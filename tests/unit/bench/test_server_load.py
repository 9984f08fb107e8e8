"""bench/server_load.py at a tiny size with a cheap password KDF: the result's shape, and what counts as refused."""

from __future__ import annotations

import asyncio

from bench.server_load import PreparedRequest, measure_server_load, served_reference, table, timed_requests
from ibkey_reference.crypto import TEST_COST


def test_every_verification_and_approval_is_accepted():
    result = measure_server_load(transactions=8, concurrency=4, password_cost=TEST_COST)

    assert (result["transactions"], result["concurrency"]) == (8, 4)
    assert result["kdf"] == "reduced (scrypt n=16, r=8, p=1)"
    for phase in ("challenge_response", "push_approval"):
        summary = result[phase]
        assert (summary["count"], summary["errors"]) == (8, 0), summary["first_errors"]
        assert summary["per_second"] > 0
        assert 0 < summary["p50_ms"] <= summary["p99_ms"] <= summary["max_ms"]
        assert summary["server_cpu_ms_per_request"] >= 0
        assert phase in table(result)


def test_a_refused_request_counts_as_an_error_not_a_verification():
    unknown_login = PreparedRequest("/api/v1/logins/no-such-login/response", {"answer": "123456"})
    with served_reference(users=1, password_cost=TEST_COST) as served:
        phase = asyncio.run(timed_requests(served, [unknown_login], concurrency=1))

    assert phase.latencies_ms == []
    [error] = phase.errors
    assert error.startswith(f"{unknown_login.path}: HTTP 404 ")
    assert "transaction_not_found" in error

