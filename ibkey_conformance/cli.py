"""`ibkey-conform`: serve the reference portal, run the conformance suites."""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from ibkey_conformance.browser import endpoint_address
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

    run = commands.add_parser("run", help="run the conformance suites against the reference implementation")
    run.add_argument("--tags", help="pytest marker expression, e.g. 'ios and not browser'")
    run.add_argument("--platform", choices=("ios", "android"))
    run.add_argument("--lang", choices=("en", "ja"))
    run.add_argument("-n", dest="workers", type=_workers, default=0, help="parallel workers (pytest-xdist)")
    run.add_argument(
        "--report-dir", type=Path, default=REPO_ROOT / "reports", help="runs go to DIR/<run-id>/ and DIR/latest"
    )
    run.add_argument("--clauses", help="comma-separated clause ids: only the scenarios that check them")
    where = run.add_argument_group("where the browser runs (default: Chromium launched on this machine)")
    where.add_argument(
        "--browser-endpoint", type=_browser_endpoint, metavar="WS_URL",
        help="a Playwright browser server, e.g. the address `ibkey-conform browser-server` prints",
    )
    where.add_argument(
        "--portal-host", default="127.0.0.1", metavar="ADDRESS",
        help="this machine's address as a remote browser reaches it (the reference portal listens there)",
    )
    target = run.add_argument_group("implementation under test (default: the reference implementation)")
    target.add_argument("--config", type=Path, help="a target.toml: implementation, authenticator, expected failures")
    target.add_argument("--authenticator", metavar="MODULE:FACTORY", help="a Python authenticator factory")
    target.add_argument("--authenticator-cmd", metavar="CMD", help="a process speaking the JSON-lines bridge")
    target.add_argument("--server", metavar="MODULE:FACTORY", help="a Python server factory behind the portal")
    target.add_argument("--portal-url", metavar="URL", help="a portal reached by URL, with its control API")
    target.add_argument("--portal-selectors", type=Path, metavar="FILE", help="selector map (TOML or JSON)")
    target.add_argument("--server-url", metavar="URL", help="the device API phones use, if not at --portal-url")
    target.add_argument(
        "--portal-messages", type=Path, metavar="FILE",
        help="the target's own wording of the messages the seed does not give (TOML, by clause id)",
    )

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

    clauses = commands.add_parser("clauses", help="list the clause catalogue with the scenarios covering each")
    clauses.add_argument("--status", choices=("explicit", "inferred", "conflicting"))
    clauses.add_argument("--uncovered", action="store_true", help="only clauses no scenario checks")
    clauses.add_argument("--findings", action="store_true", help="also list the documentation findings")
    return parser


def _port_or_any(text: str) -> int:
    return 0 if text == "0" else _port(text)


def _browser_endpoint(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("ws", "wss") or not parts.hostname:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a browser server address; give ws://HOST:PORT/PATH as `ibkey-conform browser-server` "
            "or Playwright's launch-server prints it"
        )
    return text


def _without_browser_key(argv: list[str], endpoint: str | None) -> list[str]:
    """The command as a report shows it: a browser server's path is the key to its browser and stays out."""
    if not endpoint:
        return argv
    return [argument.replace(endpoint, f"{endpoint_address(endpoint)}/…") for argument in argv]


def _check_reachable(endpoint: str) -> None:
    parts = urlsplit(endpoint)
    port = parts.port or (443 if parts.scheme == "wss" else 80)
    try:
        socket.create_connection((parts.hostname, port), timeout=5).close()
    except OSError as error:
        raise UsageError(
            f"no browser server answers at {parts.hostname}:{port} ({error.strerror or error}); "
            "start one there with `ibkey-conform browser-server --host ADDRESS --port PORT`"
        ) from None


def _workers(text: str) -> int:
    try:
        workers = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of workers; use 0 (no xdist) or more") from None
    if workers < 0:
        raise argparse.ArgumentTypeError(f"{workers} workers is negative; use 0 (no xdist) or more")
    return workers


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
    if not args.db.parent.exists():
        raise UsageError(f"cannot create the database {args.db}: the folder {args.db.parent} does not exist")
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
    try:
        uvicorn.run(
            app, host=args.host, port=args.port, log_level=args.log_level, timeout_keep_alive=IDLE_CONNECTION_SECONDS
        )
    finally:
        trading.stop()
    return 0


def run(args: argparse.Namespace) -> int:
    import pytest

    from ibkey_conformance.report.run_id import new_run_id

    target = _checked_target(args)
    if args.clauses:
        _check_clause_ids(args.clauses)
    if args.browser_endpoint:
        _check_reachable(args.browser_endpoint)
    run_dir = args.report_dir / new_run_id()
    try:
        run_dir.mkdir(parents=True)
    except OSError as error:
        raise UsageError(f"cannot create the report folder {run_dir}: {error.strerror}") from None
    selection = {"tags": args.tags, "platform": args.platform, "lang": args.lang, "clauses": args.clauses}
    markers = [expression for expression in (args.tags, args.platform, LANGUAGE_MARKERS.get(args.lang)) if expression]
    # Options as --name=value: pytest looks for its ini file above every argument that is a path.
    pytest_args = [
        str(REPO_ROOT / "features"),
        "-q",
        f"--rootdir={REPO_ROOT}",
        f"--config-file={REPO_ROOT / 'pyproject.toml'}",
    ]
    pytest_args += ["-p", "ibkey_conformance.report.plugin", f"--ibkey-report-dir={run_dir}"]
    pytest_args += [
        f"--ibkey-selection={json.dumps(selection)}",
        f"--ibkey-command={shlex.join(['ibkey-conform', *_without_browser_key(args.argv, args.browser_endpoint)])}",
    ]
    for option, value in (
        ("clauses", args.clauses), ("config", args.config), ("authenticator", args.authenticator),
        ("authenticator-cmd", args.authenticator_cmd), ("server", args.server), ("portal-url", args.portal_url),
        ("portal-selectors", args.portal_selectors), ("server-url", args.server_url),
        ("portal-messages", args.portal_messages),
        ("browser-endpoint", args.browser_endpoint), ("portal-host", args.portal_host),
    ):
        if value:
            pytest_args.append(f"--ibkey-{option}={value}")
    if markers:
        pytest_args += ["-m", " and ".join(f"({m})" for m in markers)]
    if args.workers and target.portal_url:
        print("note: a portal reached by URL has one clock for every worker, and scenarios move it: running serially")
    elif args.workers:
        pytest_args += ["-n", str(args.workers)]
    code = pytest.main(pytest_args)
    if code == pytest.ExitCode.NO_TESTS_COLLECTED:
        shutil.rmtree(run_dir, ignore_errors=True)
        raise UsageError(f"{_selection_words(selection)} selects no scenario; {SELECTABLE}")
    results_path = run_dir / "results.json"
    if not results_path.exists():
        shutil.rmtree(run_dir, ignore_errors=True)
        print(f"\nverdict: DID NOT RUN: pytest stopped (exit code {int(code)}) before any result was written")
        return 2
    _point_latest_at(run_dir)
    results = json.loads(results_path.read_text(encoding="utf-8"))
    for problem in results.get("problems", []):
        print(f"\nproblem: {problem['message'].strip()}")
    print(f"\nverdict: {verdict_line(results)}")
    print(f"report:  {run_dir / 'conformance.html'}")
    return VERDICT_EXIT_CODES[results["verdict"]]


# English scenarios carry no language tag; Japanese ones are tagged @ja.
LANGUAGE_MARKERS = {"en": "not ja", "ja": "ja"}
SELECTABLE = (
    "--tags takes a marker expression over ios, android, browser, camera, negative and ja "
    "(e.g. 'android and not browser'); `ibkey-conform clauses` lists the clause ids"
)


def _selection_words(selection: dict) -> str:
    return " ".join(f"--{name} {value}" for name, value in selection.items() if value) or "the run"


def _checked_target(args: argparse.Namespace):
    """The target the options describe, loaded as far as can be without running: mistakes surface here."""
    from ibkey_conformance.adapters.target import TargetError, load_target
    from ibkey_conformance.clauses.coverage import scenario_names
    from ibkey_conformance.suggest import did_you_mean

    try:
        target = load_target(
            args.config, args.authenticator, args.authenticator_cmd, args.server, args.portal_url,
            args.portal_selectors, args.server_url, args.portal_messages,
        )
        if target.factory:
            target.load_factory()
        target.load_server_factory()
    except TargetError as error:
        raise UsageError(str(error)) from None
    names = scenario_names(REPO_ROOT / "features") if target.expected_failures else set()
    unknown = sorted(set(target.expected_failures) - names)
    if unknown:
        raise UsageError(
            f"{args.config}: [expected_failures] names no scenario {unknown[0]!r}{did_you_mean(unknown[0], names)}; "
            "use a scenario's name as the report shows it"
        )
    return target


def _check_clause_ids(wanted: str) -> None:
    from ibkey_conformance.clauses import load_catalogue
    from ibkey_conformance.suggest import did_you_mean

    known = load_catalogue().ids
    for clause_id in (part.strip() for part in wanted.split(",")):
        if clause_id not in known:
            raise UsageError(
                f"--clauses: no clause {clause_id!r}{did_you_mean(clause_id, known)}; "
                "`ibkey-conform clauses` lists them"
            )


VERDICT_LABELS = {
    "conforms": "CONFORMS",
    "does_not_conform": "DOES NOT CONFORM",
    "did_not_run": "DID NOT RUN",
    "nothing_tested": "NOTHING TESTED",
}
VERDICT_EXIT_CODES = {"conforms": 0, "does_not_conform": 1, "did_not_run": 2, "nothing_tested": 2}


def verdict_line(results: dict) -> str:
    """The verdict as a person reads it: what it covers, and the cause when the run could not give one."""
    verdict, detail = results["verdict"], results["verdict_detail"]
    label = VERDICT_LABELS[verdict]
    if detail["cause"]:
        return f"{label}: {detail['cause']}"
    if verdict != "conforms":
        failed = [clause["id"] for clause in results["clauses"] if clause["verdict"] == "failed"]
        return f"{label}: {len(failed)} clause(s) failed: {', '.join(failed)}" if failed else label
    if detail["scope"] == "selection":
        chosen = ", ".join(f"{key} {value}" for key, value in detail["selection"].items())
        counts = f"{detail['clauses_selected']} of {detail['clauses_total']} clauses"
        return f"{label} for the selection ({chosen}: {counts})"
    if detail["scope"] == "profile":
        return (
            f"{label} for its profile ({', '.join(detail['profile'])}); "
            f"{detail['clauses_not_applicable']} clauses not applicable"
        )
    return label


def _point_latest_at(run_dir: Path) -> None:
    """`reports/latest` names the newest run: a relative symlink, or a copy where links are not allowed."""
    latest = run_dir.parent / "latest"
    if latest.is_symlink() or latest.is_file():
        latest.unlink()
    elif latest.is_dir():
        shutil.rmtree(latest)
    try:
        latest.symlink_to(run_dir.name, target_is_directory=True)
    except OSError:
        shutil.copytree(run_dir, latest)


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
    covered = coverage(catalogue, scenario_clauses(REPO_ROOT / "features"))
    listing = format_catalogue(
        catalogue, covered, status=args.status, uncovered_only=args.uncovered, findings=args.findings
    )
    print(listing)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    args.argv = argv
    try:
        commands = {"serve": serve, "run": run, "browser-server": browser_server, "report": report, "clauses": clauses}
        return commands[args.command](args)
    except (UsageError, IBKeyError) as error:
        print(f"ibkey-conform {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
