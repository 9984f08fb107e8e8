"""`ibkey-conform`: serve the reference portal, run the conformance suites."""

from __future__ import annotations

import argparse
import errno
import json
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from ibkey_conformance.run_command import add_run_parser, run
from ibkey_conformance.suite import FEATURES_DIR
from ibkey_conformance.usage import UsageError
from ibkey_reference.errors import IBKeyError


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
    parser.add_argument("--version", action="version", version=f"ibkey-conform {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the reference Client Portal and device API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000)
    serve.add_argument("--db", type=Path, default=Path("ibkey-portal.sqlite3"), help="SQLite database file")
    serve.add_argument("--user", help="create this user (lowercase) if missing")
    serve.add_argument("--password", help="password for --user")
    serve.add_argument(
        "--demo", action="store_true",
        help="a throwaway portal to look around: a temporary database and a user 'demo' whose new password is printed",
    )
    serve.add_argument("--lang", choices=("en", "ja"), default="en", help="default page language")
    serve.add_argument(
        "--log-level", choices=("critical", "error", "warning", "info", "debug", "trace"), default="warning",
        help="uvicorn's log level; info and below add the access log",
    )
    serve.add_argument(
        "--control-api",
        action="store_true",
        help="for a conformance harness: a manual clock, Client Services' actions under /__control__ "
        "(loopback clients only) and the suites' fast password-hashing profile",
    )

    add_run_parser(commands)

    browser = commands.add_parser(
        "browser-server", help="serve Chromium to runs on other machines (their --browser-endpoint)"
    )
    browser.add_argument("--host", default="127.0.0.1", help="address to listen on; 0.0.0.0 for every interface")
    browser.add_argument("--port", type=_port_or_any, default=0, help="port to listen on (default: any free one)")

    report = commands.add_parser("report", help="render conformance.html, junit.xml and cucumber.json again")
    report.add_argument("results", type=Path, metavar="RESULTS.json")
    report.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="write the reports into DIR (created if missing) instead of beside RESULTS.json",
    )

    commands.add_parser("doctor", help="check what a run needs from this machine (Chromium, libzbar, fonts, Node)")

    clauses = commands.add_parser("clauses", help="list the clause catalogue with the scenarios covering each")
    clauses.add_argument("--status", choices=("explicit", "inferred", "conflicting"))
    clauses.add_argument("--uncovered", action="store_true", help="only clauses no scenario checks")
    clauses.add_argument("--findings", action="store_true", help="also list the documentation findings")
    return parser


def _port_or_any(text: str) -> int:
    return 0 if text == "0" else _port(text)


def portal_settings(args: argparse.Namespace):
    """The served portal's settings; with the control API, time stands still until the harness moves it, and
    passwords use the suites' test KDF profile (a lockout scenario makes eleven logins)."""
    from datetime import UTC, datetime

    from ibkey_reference.clock import ManualClock
    from ibkey_reference.crypto import TEST_COST
    from ibkey_reference.portal.settings import PortalSettings
    from ibkey_reference.server import ServerSettings

    if not args.control_api:
        return PortalSettings(db_path=args.db, default_lang=args.lang)
    return PortalSettings(
        db_path=args.db,
        default_lang=args.lang,
        control_api=True,
        clock=ManualClock(datetime.now(UTC)),
        server=ServerSettings(password_cost=TEST_COST),
    )


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from ibkey_reference.portal.app import create_app
    from ibkey_reference.portal.settings import IDLE_CONNECTION_SECONDS
    from ibkey_reference.server.errors import UserExists

    if bool(args.user) != bool(args.password):
        raise UsageError("--user and --password go together: give both to create a user, or neither")
    if args.demo:
        if args.user:
            raise UsageError("--demo makes its own user 'demo': give --demo or --user, not both")
        with tempfile.TemporaryDirectory(prefix="ibkey-demo-") as folder:
            args.db, args.user, args.password = Path(folder) / "portal.sqlite3", "demo", secrets.token_urlsafe(9)
            print(f"demo: log in as demo with the password {args.password} (a temporary portal: all is gone at Ctrl-C)")
            args.demo = False
            return serve(args)
    if not args.db.parent.exists():
        raise UsageError(f"cannot create the database {args.db}: the folder {args.db.parent} does not exist")
    listening = _listen(args.host, args.port)  # before the database: a busy port leaves no file behind
    try:
        app = create_app(portal_settings(args))
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
    trading = app.state.server.trading
    try:  # with the control API (a harness), free ports stand in for 4000/4001 and the control API names them
        trading.start(args.host, ephemeral=args.control_api)
        served = ", ".join(f"{port} on {host}:{actual}" for port, (host, actual) in trading.addresses.items())
        print(f"trading gateway: {served}", flush=True)
    except OSError as error:
        trading.stop()
        print(f"trading gateway not started: ports {trading.ports}: {error.strerror or error}", flush=True)
    config = uvicorn.Config(app, log_level=args.log_level, timeout_keep_alive=IDLE_CONNECTION_SECONDS)
    try:
        uvicorn.Server(config).run(sockets=[listening])
    except KeyboardInterrupt:  # uvicorn raises Ctrl-C again once it has shut down: stopping is what was asked
        pass
    finally:
        trading.stop()
        listening.close()
    return 0


def _listen(host: str, port: int) -> socket.socket:
    try:
        listening = socket.create_server((host, port), reuse_port=False)
    except OSError as error:
        hint = f"choose another with --port (e.g. --port {port + 1})" if error.errno == errno.EADDRINUSE else ""
        hint = hint or "give an address of this machine with --host (127.0.0.1, or 0.0.0.0 for every interface)"
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}; {hint}") from None
    return listening


def browser_server(args: argparse.Namespace) -> int:
    """Playwright's browser server around this machine's Chromium; it prints the ws:// address runs connect to."""
    from playwright._impl._driver import compute_driver_executable

    from ibkey_conformance.browser import browser_server_options

    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "launch-server.json"
        config.write_text(json.dumps(browser_server_options(args.host, args.port)), encoding="utf-8")
        print("serving Chromium; runs connect with --browser-endpoint and the address below (Ctrl-C stops it)")
        sys.stdout.flush()
        # Playwright's Node driver itself, not `python -m playwright`, which would leave it running when stopped.
        node, cli = compute_driver_executable()
        driver = subprocess.Popen([node, cli, "launch-server", "--browser", "chromium", "--config", config])
        signal.signal(signal.SIGTERM, lambda *_: driver.terminate())
        try:
            return driver.wait()
        except KeyboardInterrupt:
            driver.terminate()
            driver.wait()
            return 0


def report(args: argparse.Namespace) -> int:
    from ibkey_conformance.report.render import RenderError, render_reports
    from ibkey_conformance.report.results_file import ResultsError

    if not args.results.is_file():
        raise UsageError(f"{args.results} is not a file; give a run's results.json, e.g. reports/latest/results.json")
    try:
        written = render_reports(args.results, args.out)
    except (ResultsError, RenderError) as error:
        raise UsageError(str(error)) from None
    for path in written:
        print(path)
    return 0


def clauses(args: argparse.Namespace) -> int:
    from ibkey_conformance.clauses import load_catalogue
    from ibkey_conformance.clauses.coverage import coverage, scenario_clauses
    from ibkey_conformance.clauses.listing import format_catalogue

    catalogue = load_catalogue()
    covered = coverage(catalogue, scenario_clauses(FEATURES_DIR))
    listing = format_catalogue(
        catalogue, covered, status=args.status, uncovered_only=args.uncovered, findings=args.findings
    )
    print(listing)
    return 0


def doctor(args: argparse.Namespace) -> int:
    from ibkey_conformance.doctor import diagnose

    lines, code = diagnose()
    print("\n".join(lines))
    return code


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ibkey-conformance")
    except PackageNotFoundError:
        return "(not installed)"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    own, passthrough = (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    args = build_parser().parse_args(own)
    args.argv = argv
    args.pytest_args = passthrough
    if passthrough and args.command != "run":
        print(f"ibkey-conform {args.command}: arguments after -- go to pytest, and only `run` runs it", file=sys.stderr)
        return 2
    try:
        commands = {
            "serve": serve, "run": run, "browser-server": browser_server, "report": report, "clauses": clauses,
            "doctor": doctor,
        }
        return commands[args.command](args)
    except (UsageError, IBKeyError) as error:
        print(f"ibkey-conform {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
