"""Issue #9, the server half: challenge/response verifications and push approvals per second, over loopback HTTP.

The reference server runs in its own process (bench/served_reference.py: one uvicorn worker, a fresh SQLite file,
the system clock, the production password KDF). Phones enroll through the device API; the logins are opened and
answered through the login API, as the portal and IBKR Mobile do. Only the last request of each login is timed:
the challenge response in phase A, the push approval in phase B, sent by `concurrency` clients at once.

Set-up takes most of the run: three production scrypt derivations per user (its creation and two password steps),
about 0.15 s of CPU each, two at a time on two cores.

    python -m bench.server_load [--transactions N] [--concurrency C] [--json OUT]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.stats import percentile
from ibkey_reference import crypto
from ibkey_reference.crypto import PRODUCTION_COST, KdfCost
from ibkey_reference.phone.device import Phone
from ibkey_reference.phone.ibkr_mobile.authenticator import ReferenceAuthenticator
from ibkey_reference.phone.ibkr_mobile.enrollments import open_from_keychain

SERVED_REFERENCE = Path(__file__).with_name("served_reference.py")
SERVER_SETUP_SECONDS_PER_USER = 1.0  # generous: one scrypt hash each, on a busy machine
SET_UP_CONCURRENCY = 8  # enough to keep both cores busy with the server's scrypt during set-up
TARGET_PER_SECOND, TARGET_P99_MS = 1000, 25.0  # issue #9, for challenge/response verifications


@dataclass(frozen=True)
class EnrolledUser:
    """A user and the iPhone with IB Key activated for them; Face ID unlocks its keys, so no PIN KDF runs there."""

    username: str
    password: str
    push_address: str
    phone: Phone
    authenticator: ReferenceAuthenticator


@dataclass(frozen=True)
class PreparedRequest:
    """A request made ready during set-up, sent in a timed phase."""

    path: str
    body: dict


@dataclass(frozen=True)
class PhaseResult:
    latencies_ms: list[float]  # of the accepted requests
    errors: list[str]
    seconds: float
    server_cpu_seconds: float | None  # user + system time of the served process during the phase

    def summary(self) -> dict:
        ordered = sorted(self.latencies_ms)
        sent = len(ordered) + len(self.errors)
        cpu = self.server_cpu_seconds
        return {
            "per_second": round(len(ordered) / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(percentile(ordered, 0.50), 2),
            "p99_ms": round(percentile(ordered, 0.99), 2),
            "max_ms": round(ordered[-1], 2) if ordered else math.nan,
            "count": len(ordered),
            "errors": len(self.errors),
            "first_errors": self.errors[:5],
            "server_cpu_ms_per_request": round(cpu * 1000 / sent, 2) if cpu is not None and sent else None,
        }


# -- the served process ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServedReference:
    url: str
    accounts: list[dict[str, str]]  # username, password, activation_code
    pid: int

    def cpu_seconds(self) -> float | None:
        """User + system CPU time of the served process so far (None where /proc is not there)."""
        try:
            stat = Path(f"/proc/{self.pid}/stat").read_text()
        except OSError:
            return None
        fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def served_reference(users: int, password_cost: KdfCost) -> Iterator[ServedReference]:
    """The reference server in its own process, with `users` accounts waiting for their phones."""
    with tempfile.TemporaryDirectory(prefix="ibkey-bench-") as folder:
        accounts_file = Path(folder) / "accounts.json"
        # IPPROTO_TCP, not 0: see served_reference.py on TCP_NODELAY.
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP) as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(1024)
            command = [
                sys.executable, str(SERVED_REFERENCE), "--listen-fd", str(listener.fileno()),
                "--db", str(Path(folder) / "reference.sqlite3"), "--users", str(users),
                "--scrypt-n", str(password_cost.n), "--accounts-out", str(accounts_file),
            ]
            process = subprocess.Popen(command, pass_fds=[listener.fileno()])
            try:
                timeout = 30 + users * SERVER_SETUP_SECONDS_PER_USER
                accounts = _wait_for_accounts(process, accounts_file, timeout)
                yield ServedReference(f"http://127.0.0.1:{listener.getsockname()[1]}", accounts, process.pid)
            finally:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _wait_for_accounts(process: subprocess.Popen, accounts_file: Path, timeout: float) -> list[dict[str, str]]:
    deadline = time.monotonic() + timeout
    while not accounts_file.exists():
        if process.poll() is not None:
            raise RuntimeError(f"the served reference exited with {process.returncode} during set-up")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the served reference did not create its accounts within {timeout:.0f} s")
        time.sleep(0.05)
    return json.loads(accounts_file.read_text(encoding="utf-8"))


# -- set-up: enrollment and opened logins -----------------------------------------------------------------------


def enroll_phones(http: httpx.Client, accounts: list[dict[str, str]]) -> list[EnrolledUser]:
    """One iPhone per user, activated through the device API with the user's activation code."""

    def enroll(account: dict[str, str]) -> EnrolledUser:
        phone = Phone.ios(name=f"Bench iPhone of {account['username']}", http=http)
        authenticator = ReferenceAuthenticator(phone)
        push_address = crypto.random_token(24)
        authenticator.activate(account["activation_code"], pin=None, device_name=phone.name, push_address=push_address)
        return EnrolledUser(account["username"], account["password"], push_address, phone, authenticator)

    with ThreadPoolExecutor(max_workers=SET_UP_CONCURRENCY) as pool:
        return list(pool.map(enroll, accounts))


async def _for_each(items: list, step) -> list:
    limit = asyncio.Semaphore(SET_UP_CONCURRENCY)

    async def limited(item):
        async with limit:
            return await step(item)

    return await asyncio.gather(*(limited(item) for item in items))


async def _start_login(http: httpx.AsyncClient, user: EnrolledUser) -> dict:
    """The password step; with one IB Key enrolled the server chooses it and sends the push at once."""
    response = await http.post("/api/v1/logins", json={"username": user.username, "password": user.password})
    response.raise_for_status()
    return response.json()


async def open_challenges(url: str, users: list[EnrolledUser]) -> list[PreparedRequest]:
    """Per user, a login switched to challenge/response, and the response their phone computed."""

    async def prepare(http: httpx.AsyncClient, user: EnrolledUser) -> PreparedRequest:
        transaction_id = (await _start_login(http, user))["transaction_id"]
        response = await http.post(f"/api/v1/logins/{transaction_id}/challenge")
        response.raise_for_status()
        answer = user.authenticator.respond(user.username, response.json()["challenge"], pin=None)
        return PreparedRequest(f"/api/v1/logins/{transaction_id}/response", {"answer": answer})

    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        return await _for_each(users, lambda user: prepare(http, user))


async def open_pushes(url: str, users: list[EnrolledUser]) -> list[PreparedRequest]:
    """Per user, a login waiting for its push approval, and the approval their phone signed."""

    async def choose_ibkey_again(http: httpx.AsyncClient, login: dict) -> None:
        response = await http.post(
            f"/api/v1/logins/{login['transaction_id']}/factor", json={"factor": login["device_serial"]}
        )
        response.raise_for_status()

    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        logins = await _for_each(users, lambda user: _start_login(http, user))
        # A push times out after 3 minutes, sooner than N password steps may take: send each one again, now.
        await _for_each(logins, lambda login: choose_ibkey_again(http, login))
    transaction_ids = [login["transaction_id"] for login in logins]
    with ThreadPoolExecutor(max_workers=SET_UP_CONCURRENCY) as pool:
        return list(pool.map(_signed_approval, users, transaction_ids))


def _signed_approval(user: EnrolledUser, transaction_id: str) -> PreparedRequest:
    """What IBKR Mobile posts once the user has tapped the latest notification and given Face ID."""
    notifications = user.phone.device_api().notifications(user.push_address)
    message = next((message for message in reversed(notifications) if message.transaction_id == transaction_id), None)
    if message is None:
        raise RuntimeError(f"no push notification reached {user.username}'s phone for login {transaction_id}")
    enrollment = user.authenticator.enrollment(user.username)
    keys = open_from_keychain(user.phone.keychain, enrollment.sealed_keys, authenticated=True)
    signature = keys.signing_key.sign(crypto.approval_message(transaction_id, message.nonce, message.username))
    return PreparedRequest(
        f"/api/v1/logins/{transaction_id}/approval",
        {"device_serial": message.device_serial, "signature": crypto.b64e(signature)},
    )


# -- the timed phases --------------------------------------------------------------------------------------------


class KeepAliveConnection:
    """One HTTP/1.1 keep-alive connection that posts JSON and reads a sized reply, and does nothing else.

    httpx.AsyncClient took about 5 ms of CPU per request on the 2-core machine, this about 0.4 ms: with the
    server on the same two cores, a heavy client would be measured as a slow server.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str) -> None:
        self._reader, self._writer, self._host = reader, writer, host

    @classmethod
    async def open(cls, url: str) -> KeepAliveConnection:
        address = httpx.URL(url)
        reader, writer = await asyncio.open_connection(address.host, address.port)
        return cls(reader, writer, f"{address.host}:{address.port}")

    async def post_json(self, path: str, body: dict) -> tuple[int, bytes]:
        """The reply's status and body."""
        payload = json.dumps(body).encode()
        self._writer.write(
            f"POST {path} HTTP/1.1\r\nHost: {self._host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n".encode() + payload
        )
        head = (await self._reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        headers = dict(line.lower().split(": ", 1) for line in head[1:] if line)
        if "content-length" not in headers:
            raise ValueError(f"POST {path}: the reply has no Content-Length ({head[0]})")
        return int(head[0].split(" ")[1]), await self._reader.readexactly(int(headers["content-length"]))

    async def close(self) -> None:
        self._writer.close()
        await self._writer.wait_closed()


async def timed_requests(served: ServedReference, requests: list[PreparedRequest], concurrency: int) -> PhaseResult:
    """Send every request over `concurrency` connections; accepted means 200 with the login now complete."""
    latencies_ms: list[float] = []
    errors: list[str] = []
    queue = iter(requests)

    async def client(connection: KeepAliveConnection) -> None:
        for request in queue:
            sent = time.perf_counter()
            try:
                status, body = await connection.post_json(request.path, request.body)
            except (OSError, ValueError, asyncio.IncompleteReadError) as error:
                errors.append(f"{request.path}: {type(error).__name__} {error}")
                return  # the connection is in an unknown state; the other clients take the rest
            elapsed_ms = (time.perf_counter() - sent) * 1000
            if status == 200 and json.loads(body).get("state") == "complete":
                latencies_ms.append(elapsed_ms)
            else:
                errors.append(f"{request.path}: HTTP {status} {body[:200].decode(errors='replace')}")

    # The connections are open before the clock starts, as a portal's pool would have them.
    connections = await asyncio.gather(*(KeepAliveConnection.open(served.url) for _ in range(concurrency)))
    try:
        cpu_before, started = served.cpu_seconds(), time.perf_counter()
        await asyncio.gather(*(client(connection) for connection in connections))
        seconds, cpu_after = time.perf_counter() - started, served.cpu_seconds()
    finally:
        await asyncio.gather(*(connection.close() for connection in connections))
    errors.extend(f"{request.path}: not sent, every connection had failed" for request in queue)
    server_cpu_seconds = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    return PhaseResult(latencies_ms, errors, seconds, server_cpu_seconds)


def measure_server_load(transactions: int, concurrency: int, password_cost: KdfCost = PRODUCTION_COST) -> dict:
    """Challenge/response verifications and push approvals per second, with latencies, over loopback HTTP."""
    if transactions < 1 or concurrency < 1:
        raise ValueError("transactions and concurrency must each be at least 1")
    started = time.perf_counter()
    with served_reference(transactions, password_cost) as served, httpx.Client(base_url=served.url) as http:
        users = enroll_phones(http, served.accounts)
        # Each phase is prepared just before it runs: a push notification times out after 3 minutes.
        answers = asyncio.run(open_challenges(served.url, users))
        challenge_response = asyncio.run(timed_requests(served, answers, concurrency))
        approvals = asyncio.run(open_pushes(served.url, users))
        push_approval = asyncio.run(timed_requests(served, approvals, concurrency))
    kdf_name = "production" if password_cost == PRODUCTION_COST else "reduced"
    return {
        "challenge_response": challenge_response.summary(),
        "push_approval": push_approval.summary(),
        "transactions": transactions,
        "concurrency": concurrency,
        "kdf": f"{kdf_name} (scrypt n={password_cost.n}, r={password_cost.r}, p={password_cost.p})",
        "total_seconds": round(time.perf_counter() - started, 1),
    }


# -- the command line --------------------------------------------------------------------------------------------


def table(result: dict) -> str:
    rows = [
        f"{'':20} {'per second':>10} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'count':>6} {'errors':>6} "
        f"{'server CPU ms/request':>22}"
    ]
    for name in ("challenge_response", "push_approval"):
        phase = result[name]
        cpu = phase["server_cpu_ms_per_request"]
        rows.append(
            f"{name:20} {phase['per_second']:>10.1f} {phase['p50_ms']:>8.2f} {phase['p99_ms']:>8.2f} "
            f"{phase['max_ms']:>8.2f} {phase['count']:>6} {phase['errors']:>6} {'-' if cpu is None else cpu:>22}"
        )
    rows.append(
        f"N={result['transactions']} C={result['concurrency']}, {result['kdf']}, {result['total_seconds']} s in all; "
        f"target: >= {TARGET_PER_SECOND} verifications/s with p99 <= {TARGET_P99_MS:g} ms"
    )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=1000, help="logins per phase (and users); default 1000")
    parser.add_argument("--concurrency", type=int, default=16, help="clients sending at once; default 16")
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args(argv)
    result = measure_server_load(args.transactions, args.concurrency)
    print(table(result))
    for name in ("challenge_response", "push_approval"):
        for error in result[name]["first_errors"]:
            print(f"{name} refused: {error}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    refused = result["challenge_response"]["errors"] + result["push_approval"]["errors"]
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
