"""`ibkey-conform run`: the options, the pytest run they become, and what is printed of its verdict."""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import socket
from pathlib import Path
from urllib.parse import urlsplit

from ibkey_conformance.browser import endpoint_address
from ibkey_conformance.console_failures import failure_blocks
from ibkey_conformance.scenario_data import new_seed
from ibkey_conformance.selection import TAGS_ACCEPTED, SelectionError, failed_last_time, marker_expression
from ibkey_conformance.suite import FEATURES_DIR, PYTEST_CONFIG, SUITE_ROOT
from ibkey_conformance.usage import UsageError

EXIT_CODES = """exit codes:
  0  CONFORMS (for the selection, when one was made)
  1  DOES NOT CONFORM: a check against the implementation failed
  2  DID NOT RUN, NOTHING TESTED, or a mistake in the command (one line says which)
  130  interrupted

Arguments after -- go to pytest unchanged, e.g. `ibkey-conform run -- --durations=5`."""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Help that shows each option's default, where it has one worth showing."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if action.default not in (None, False, argparse.SUPPRESS) and "%(default)" not in text:
            text += " (default: %(default)s)"
        return text


def add_run_parser(commands) -> None:
    run = commands.add_parser(
        "run", help="run the conformance suites (default: against the reference implementation)",
        formatter_class=_Formatter, epilog=EXIT_CODES,
    )
    chosen = run.add_argument_group("which scenarios (default: all of them)")
    chosen.add_argument("-k", dest="keyword", metavar="EXPR",
                        help="scenarios whose name holds these words (-k 'typed in lowercase'), "
                        "or pytest's -k expression (-k 'lockout and not 24')")
    chosen.add_argument("--tags", help="a tag expression, Cucumber's or pytest's: '@android and not @browser'")
    chosen.add_argument("--platform", choices=("ios", "android"), help="only this platform's scenarios")
    chosen.add_argument("--lang", choices=("en", "ja"), help="only the English, or only the Japanese, scenarios")
    chosen.add_argument("--clauses", help="comma-separated clause ids: only the scenarios that check them")
    chosen.add_argument("--lf", "--rerun-failed", dest="rerun_failed", action="store_true",
                        help="only the scenarios the last run in --report-dir failed")
    how = run.add_argument_group("how it runs")
    how.add_argument("-n", dest="workers", type=_workers, default=0, help="parallel workers (pytest-xdist); 0: none")
    how.add_argument("-x", "--exitfirst", action="store_true", help="stop at the first failed scenario")
    how.add_argument("-v", "--verbose", action="store_true", help="a line for each scenario as it finishes")
    how.add_argument("--seed", type=int, help="the test data's seed, as a failure prints it: the run draws the same "
                     "users, passwords and PINs again (default: a new one each run)")
    how.add_argument("--tb", choices=("short", "long"), default="short",
                     help="short: a block per failure (clause, expected, actual); long: pytest's traceback too")
    how.add_argument("--trace", choices=("retain-on-failure", "on", "off"), default="retain-on-failure",
                     help="Playwright traces (trace.zip, open with `playwright show-trace`) kept in the run's traces/")
    how.add_argument("--report-dir", type=Path, default=Path("reports"), help="runs go to DIR/<run-id>/ and DIR/latest")
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


def run(args: argparse.Namespace) -> int:
    import pytest

    from ibkey_conformance.report.run_id import new_run_id

    target = _checked_target(args)
    if args.clauses:
        _check_clause_ids(args.clauses)
    if args.browser_endpoint:
        _check_reachable(args.browser_endpoint)
    try:
        tags = marker_expression(args.tags) if args.tags else None
        rerun = failed_last_time(args.report_dir, target.name) if args.rerun_failed else None
    except SelectionError as error:
        raise UsageError(str(error)) from None
    run_dir = args.report_dir / new_run_id()
    try:
        run_dir.mkdir(parents=True)
    except OSError as error:
        raise UsageError(f"cannot create the report folder {run_dir}: {error.strerror}") from None
    passthrough = shlex.join(args.pytest_args) if args.pytest_args else None
    selection = {
        "tags": args.tags, "platform": args.platform, "lang": args.lang, "clauses": args.clauses, "k": args.keyword,
        "rerun_failed": args.rerun_failed or None, "pytest_args": passthrough,
    }
    markers = [expression for expression in (tags, args.platform, LANGUAGE_MARKERS.get(args.lang)) if expression]
    # Options as --name=value: pytest looks for its ini file above every argument that is a path.
    pytest_args = [str(SUITE_ROOT / test_id) for test_id in rerun] if rerun else [str(FEATURES_DIR)]
    pytest_args += ["-q", "-rN", f"--rootdir={SUITE_ROOT}", f"--config-file={PYTEST_CONFIG}"]
    pytest_args.append("--tb=no" if args.tb == "short" else "--tb=long")
    pytest_args += ["-p", "ibkey_conformance.report.plugin", f"--ibkey-report-dir={run_dir}"]
    pytest_args += ["-p", "ibkey_conformance.console", f"--ibkey-progress={'lines' if args.verbose else 'count'}"]
    pytest_args += [
        f"--ibkey-selection={json.dumps(selection)}",
        f"--ibkey-command={shlex.join(['ibkey-conform', *_without_browser_key(args.argv, args.browser_endpoint)])}",
        f"--ibkey-seed={args.seed if args.seed is not None else new_seed()}",
        f"--tracing={args.trace}", f"--output={run_dir / 'traces'}",
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
    if args.keyword and _is_expression(args.keyword):
        pytest_args += ["-k", args.keyword]
    elif args.keyword:
        pytest_args.append(f"--ibkey-name={args.keyword}")
    if args.exitfirst:
        pytest_args.append("-x")
    if args.workers and target.portal_url:
        print("note: a portal reached by URL has one clock for every worker, and scenarios move it: running serially")
    elif args.workers:
        pytest_args += ["-n", str(args.workers)]
    code = pytest.main(pytest_args + args.pytest_args)
    if code == pytest.ExitCode.NO_TESTS_COLLECTED:
        shutil.rmtree(run_dir, ignore_errors=True)
        raise UsageError(f"{_selection_words(selection)} selects no scenario; {SELECTABLE}")
    if code == pytest.ExitCode.USAGE_ERROR:
        shutil.rmtree(run_dir, ignore_errors=True)
        refused = f"the arguments after --: {passthrough}" if passthrough else f"-k {args.keyword!r}"
        raise UsageError(f"pytest refused {refused} (its message is above); {K_ACCEPTED}")
    results_path = run_dir / "results.json"
    if not results_path.exists():
        shutil.rmtree(run_dir, ignore_errors=True)
        print(f"\nverdict: DID NOT RUN: pytest stopped (exit code {int(code)}) before any result was written")
        return 2
    _point_latest_at(run_dir)
    results = json.loads(results_path.read_text(encoding="utf-8"))
    for problem in results.get("problems", []):
        print(f"\nproblem: {problem['message'].strip()}")
    for block in failure_blocks(results, run_dir / "conformance.html", _reproduction(args.argv)):
        print(f"\n{block}")
    print(f"\nverdict: {verdict_line(results)}")
    print(f"report:  {run_dir / 'conformance.html'}")
    return VERDICT_EXIT_CODES[results["verdict"]]


# English scenarios carry no language tag; Japanese ones are tagged @ja.
LANGUAGE_MARKERS = {"en": "not ja", "ja": "ja"}
SELECTABLE = f"{TAGS_ACCEPTED}; `ibkey-conform clauses` lists the clause ids"


K_ACCEPTED = (
    "-k takes words of a scenario's name ('typed in lowercase') or pytest's -k expression ('lockout and not ios')"
)


def _is_expression(keyword: str) -> bool:
    """pytest's -k expression, rather than a phrase of a scenario's name to look for as it is."""
    return any(word in ("and", "or", "not") for word in keyword.replace("(", " ").split()) or " " not in keyword


def _reproduction(argv: list[str]) -> list[str]:
    """The command as given, without what chose or seeded its scenarios: a failure adds its own -k and --seed."""
    kept, skip = [], False
    for argument in argv:
        if skip:
            skip = False
        elif argument in ("-k", "--seed"):
            skip = True
        elif not argument.startswith(("-k=", "--seed=", "--lf", "--rerun-failed")):
            kept.append(argument)
    return ["ibkey-conform", *kept]


def _selection_words(selection: dict) -> str:
    options = {"k": "-k", "rerun_failed": "--lf", "pytest_args": "--"}
    words = [
        options.get(name, f"--{name}") + ("" if value is True else f" {value}")
        for name, value in selection.items() if value
    ]
    return " ".join(words) or "the run"


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
    names = scenario_names(FEATURES_DIR) if target.expected_failures else set()
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
        counts = f"{detail['clauses_selected']} of {detail['clauses_total']} clauses"
        return f"{label} for the selection ({_selection_words(detail['selection'])}: {counts})"
    if detail["scope"] == "profile":
        return (
            f"{label} for its profile ({', '.join(detail['profile'])}); "
            f"{detail['clauses_not_applicable']} clause{'' if detail['clauses_not_applicable'] == 1 else 's'} "
            "not applicable"
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


