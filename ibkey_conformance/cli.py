"""`ibkey-conform`: serve the reference portal, run the conformance suites."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from ibkey_reference.errors import IBKeyError

REPO_ROOT = Path(__file__).resolve().parent.parent


class UsageError(Exception):
    """A mistake in how the command was called: reported in one line, never as a traceback."""


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number; use 1-65535") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"{port} is out of range; use 1-65535")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ibkey-conform", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the reference Client Portal and device API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000)
    serve.add_argument("--db", type=Path, default=Path("ibkey-portal.sqlite3"), help="SQLite database file")
    serve.add_argument("--user", help="create this user (lowercase) if missing")
    serve.add_argument("--password", help="password for --user")
    serve.add_argument("--lang", choices=("en", "ja"), default="en", help="default page language")

    run = commands.add_parser("run", help="run the conformance suites against the reference implementation")
    run.add_argument("--tags", help="pytest marker expression, e.g. 'ios and not browser'")
    run.add_argument("--platform", choices=("ios", "android"))
    run.add_argument("--lang", choices=("en", "ja"))
    run.add_argument("-n", dest="workers", type=int, default=0, help="parallel workers (pytest-xdist)")
    run.add_argument("--report-dir", type=Path, default=REPO_ROOT / "reports")
    return parser


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from ibkey_reference.portal.app import create_app
    from ibkey_reference.portal.settings import PortalSettings
    from ibkey_reference.server.errors import UserExists

    if bool(args.user) != bool(args.password):
        raise UsageError("--user and --password go together: give both to create a user, or neither")
    if not args.db.parent.exists():
        raise UsageError(f"cannot create the database {args.db}: the folder {args.db.parent} does not exist")
    try:
        app = create_app(PortalSettings(db_path=args.db, default_lang=args.lang))
    except sqlite3.Error as error:
        raise UsageError(f"cannot open the database {args.db}: {error}") from None
    if args.user:
        try:
            app.state.server.accounts.create_user(args.user, args.password)
            print(f"created user {args.user}")
        except UserExists:
            print(f"user {args.user} already exists; its password is unchanged")
        except ValueError as error:
            raise UsageError(str(error)) from None
    print(f"Client Portal: http://{args.host}:{args.port}/sso/Login  (Ctrl-C stops)", flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def run(args: argparse.Namespace) -> int:
    import pytest

    markers = [expression for expression in (args.tags, args.platform, args.lang) if expression]
    pytest_args = [str(REPO_ROOT / "features"), "-q", "--rootdir", str(REPO_ROOT)]
    if markers:
        pytest_args += ["-m", " and ".join(f"({m})" for m in markers)]
    if args.workers:
        pytest_args += ["-n", str(args.workers)]
    code = pytest.main(pytest_args)
    verdict = "CONFORMS" if code == 0 else "DOES NOT CONFORM" if code == 1 else "DID NOT RUN CLEANLY"
    print(f"\nverdict: {verdict}")
    return int(code)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return {"serve": serve, "run": run}[args.command](args)
    except (UsageError, IBKeyError) as error:
        print(f"ibkey-conform {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
