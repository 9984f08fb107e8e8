"""The reference server as the load benchmark serves it: users and activation codes first, then uvicorn.

Run by bench/server_load.py, never by hand. It listens on a socket the caller bound and passes down (so the port is
known before set-up ends), uses the system clock and the given password cost, and writes each user's name, password
and activation code to a file only the caller reads. Nothing secret goes to stdout or a log.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import uvicorn

from ibkey_reference.crypto import KdfCost
from ibkey_reference.portal.app import create_app
from ibkey_reference.portal.settings import PortalSettings
from ibkey_reference.server import ReferenceServer, ServerSettings


def create_accounts(server: ReferenceServer, count: int) -> list[dict[str, str]]:
    """`count` users, each with a pending activation; scrypt releases the GIL, so threads use every core."""

    def create(number: int) -> dict[str, str]:
        username, password = f"bench{number:06d}", secrets.token_urlsafe(12)
        user = server.accounts.create_user(username, password)
        return {"username": username, "password": password, "activation_code": server.activations.start(user).code}

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(pool.map(create, range(count)))


def write_privately(path: Path, document: object) -> None:
    """Readable by this user only, and complete once it exists: the caller waits for the file to appear."""
    partial = path.with_suffix(".partial")
    with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as file:
        json.dump(document, file)
    os.replace(partial, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen-fd", type=int, required=True, help="a bound, listening TCP socket to serve on")
    parser.add_argument("--db", type=Path, required=True, help="a fresh SQLite file")
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--scrypt-n", type=int, required=True, help="the password KDF's n")
    parser.add_argument("--accounts-out", type=Path, required=True)
    args = parser.parse_args()

    settings = PortalSettings(db_path=args.db, server=ServerSettings(password_cost=KdfCost(args.scrypt_n)))
    app = create_app(settings)
    write_privately(args.accounts_out, create_accounts(app.state.server, args.users))
    # socket(fileno=) reads the protocol back as IPPROTO_TCP, so asyncio sets TCP_NODELAY on accepted connections.
    listener = socket.socket(fileno=args.listen_fd)
    uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[listener])


if __name__ == "__main__":
    main()
