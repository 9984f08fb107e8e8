"""pytest plugin: records every scenario and step of a run and writes the conformance report.

Load it with `-p ibkey_conformance.report.plugin --ibkey-report-dir DIR` (`ibkey-conform run` does).
Under pytest-xdist each worker records its scenarios and sends them to the controller inside the teardown
report; the controller alone writes `results.json` and renders the other outputs.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ibkey_conformance.adapters.exercised import target_calls
from ibkey_conformance.adapters.target import REFERENCE, TARGET
from ibkey_conformance.browser import LOCAL_BROWSER, endpoint_address
from ibkey_conformance.checks import CHECKS, HARNESS_FAULT
from ibkey_conformance.redaction import Redactor
from ibkey_conformance.report.scenario_record import ScenarioRecord
from ibkey_conformance.report.trace_redaction import redact_trace

RECORD = pytest.StashKey[ScenarioRecord]()
OUTCOME = pytest.StashKey[dict]()
USER_PROPERTY = "ibkey_scenario"
PROBLEM_LIMIT = 2000
TRACEBACK_LIMIT = 6000


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ibkey", "IB Key conformance report")
    group.addoption("--ibkey-report-dir", type=Path, default=None, help="write results.json and the reports here")
    group.addoption("--ibkey-command", default="", help="the command line to show in the report")
    group.addoption("--ibkey-selection", default="{}", help="JSON: the run's tags, platform and lang selection")


def pytest_configure(config: pytest.Config) -> None:
    report_dir = config.getoption("--ibkey-report-dir")
    if report_dir is not None:
        config.pluginmanager.register(ReportCollector(config, report_dir), "ibkey-report-collector")


def _images_dir(request: pytest.FixtureRequest) -> Path | None:
    report_dir = request.config.getoption("--ibkey-report-dir")
    return None if report_dir is None else report_dir / "images"


def _features_dir(config: pytest.Config) -> Path:
    return (config.rootpath / config.getini("bdd_features_base_dir")).resolve()


def pytest_bdd_before_scenario(request, feature, scenario) -> None:
    images_dir = _images_dir(request)
    if images_dir is not None:
        features_dir = _features_dir(request.config)
        request.node.stash[RECORD] = ScenarioRecord(request.node.nodeid, feature, scenario, images_dir, features_dir)


def pytest_bdd_before_step(request, feature, scenario, step, step_func) -> None:
    record = request.node.stash.get(RECORD, None)
    if record:
        record.step_started()


def pytest_bdd_after_step(request, feature, scenario, step, step_func, step_func_args) -> None:
    record = request.node.stash.get(RECORD, None)
    if record:
        record.step_ended(step_func_args, failed=False)


@pytest.hookimpl(trylast=True)
def pytest_bdd_step_error(request, feature, scenario, step, step_func, step_func_args, exception) -> None:
    record = request.node.stash.get(RECORD, None)
    if record:
        record.step_ended(step_func_args, failed=True)
        failed = _failed_check(request.node)
        record.fail({
            "step": record.current_step,
            "expected": failed["expected"] if failed else None,
            "actual": failed["actual"] if failed else None,
        })


def pytest_bdd_step_func_lookup_error(request, feature, scenario, step, exception) -> None:
    record = request.node.stash.get(RECORD, None)
    if record:
        record.step_started()
        record.step_ended({}, failed=True)
        record.fail({"step": record.current_step, "expected": None, "actual": None})


def _checks(item: pytest.Item) -> list[dict]:
    checks = item.stash.get(CHECKS, None)
    return checks.records if checks is not None else []


def _failed_check(item: pytest.Item) -> dict | None:
    return next((check for check in reversed(_checks(item)) if check["outcome"] == "failed"), None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if item.config.getoption("--ibkey-report-dir") is None or not _is_scenario(item):
        return report
    outcome = item.stash.setdefault(OUTCOME, {"outcome": "passed", "reason": None, "error": None})
    _update_outcome(outcome, report, call, item.stash.get(HARNESS_FAULT, None))
    if report.when == "teardown":
        record = item.stash.get(RECORD, None) or _record_without_steps(item)
        payload = record.to_dict(**_finish(item, outcome, record)) | _traces(item, report)
        redactor = Redactor()
        for secret in payload["secrets"]:
            redactor.add(secret)
        for trace in payload["traces"]:
            redact_trace(item.config.getoption("--ibkey-report-dir") / trace, redactor)
        report.user_properties = [*report.user_properties, (USER_PROPERTY, json.dumps(payload, ensure_ascii=False))]
    return report


def _traces(item: pytest.Item, report: pytest.TestReport) -> dict:
    """The Playwright traces pytest-playwright kept (its trylast wrapper has attached them by now)."""
    run_dir = item.config.getoption("--ibkey-report-dir").resolve()
    kept = [
        Path(item.config.invocation_params.dir, path).resolve()
        for name, path in report.user_properties if name == "playwright_trace"
    ]
    return {"traces": [str(path.relative_to(run_dir)) for path in kept if path.is_relative_to(run_dir)]}


def _scenario_templates() -> dict:
    """pytest-bdd's own map from test function to scenario, imported late: `-p` loads this plugin before it."""
    from pytest_bdd.scenario import scenario_wrapper_template_registry

    return scenario_wrapper_template_registry


def _is_scenario(item: pytest.Item) -> bool:
    return getattr(item, "obj", None) in _scenario_templates()


def _update_outcome(outcome: dict, report: pytest.TestReport, call: pytest.CallInfo, fault: str | None) -> None:
    """A failure is the target's, unless the harness itself failed (set-up, the browser, a wiring fault)."""
    expected_failure = getattr(report, "wasxfail", None)
    if report.skipped:
        reason = expected_failure or _skip_reason(report)
        is_not_applicable = reason.lower().startswith("not applicable")
        kind = "xfailed" if expected_failure is not None else "not_applicable" if is_not_applicable else "skipped"
        outcome.update(outcome=kind, reason=reason)
    elif report.failed and outcome["outcome"] in ("passed", "xpassed"):
        harness = fault is not None or report.when != "call"
        outcome["outcome"] = "harness_error" if harness else "failed"
        outcome["error"] = _error(report, call)
        if fault:
            outcome["error"]["message"] = f"harness error: {fault}"
    elif report.when == "call" and report.passed and expected_failure is not None:
        outcome.update(outcome="xpassed", reason=expected_failure)


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    return str(longrepr[2]).removeprefix("Skipped: ") if isinstance(longrepr, tuple) else str(longrepr)


def _error(report: pytest.TestReport, call: pytest.CallInfo) -> dict:
    excinfo = call.excinfo
    message = str(excinfo.value) if excinfo else report.longreprtext.splitlines()[-1]
    return {
        "phase": report.when,
        "type": excinfo.typename if excinfo else "Error",
        "message": message or (excinfo.typename if excinfo else "error"),
        "traceback": report.longreprtext[-TRACEBACK_LIMIT:],
    }


def _finish(item: pytest.Item, outcome: dict, record: ScenarioRecord) -> dict:
    error = None
    if outcome["error"]:
        error = {"step": None, "expected": None, "actual": None} | (record.error or {}) | outcome["error"]
        if error["phase"] != "call":
            error["step"] = None
    seeds = [value for name, value in item.user_properties if name == "seed"]
    return {
        "outcome": outcome["outcome"],
        "reason": outcome["reason"],
        "duration_s": 0.0,
        "worker": getattr(item.config, "workerinput", {}).get("workerid"),
        "seed": seeds[0] if seeds else None,
        "error": error,
        "checks": _checks(item),
        "exercised": target_calls(item) > 0,
    }


def _record_without_steps(item: pytest.Item) -> ScenarioRecord:
    """A scenario that failed before its first step (a fixture error) still gets its record."""
    template = _scenario_templates()[item.obj]
    example = item.callspec.params.get("_pytest_bdd_example", {}) if hasattr(item, "callspec") else {}
    images_dir = item.config.getoption("--ibkey-report-dir") / "images"
    return ScenarioRecord(
        item.nodeid, template.feature, template.render(example), images_dir, _features_dir(item.config)
    )


class ReportCollector:
    """On the controller: gathers every scenario record and, at the end, writes the run's reports."""

    def __init__(self, config: pytest.Config, report_dir: Path) -> None:
        self.config = config
        self.report_dir = report_dir
        self.records: list[dict] = []
        self.problems: list[dict] = []
        self.redactor = Redactor()
        self.durations: dict[str, float] = {}
        self.started_at = datetime.now(UTC)
        self.written: list[Path] = []

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if hasattr(self.config, "workerinput"):
            return
        self.durations[report.nodeid] = self.durations.get(report.nodeid, 0.0) + report.duration
        if report.when == "teardown":
            for name, value in report.user_properties:
                if name == USER_PROPERTY:
                    record = json.loads(value)
                    for secret in record.pop("secrets"):
                        self.redactor.add(secret)
                    record["duration_s"] = round(self.durations[report.nodeid], 4)
                    self.records.append(record)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed and not hasattr(self.config, "workerinput"):
            message = report.longreprtext[-PROBLEM_LIMIT:]
            self.problems.append({"test": report.nodeid or "collection", "message": message})

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if hasattr(self.config, "workerinput"):
            return
        if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED and not self.problems:
            return  # the selection chose nothing: no run happened, so no report of one
        from ibkey_conformance.clauses.coverage import unreadable_features  # imports pytest-bdd: not at -p time
        from ibkey_conformance.report.assemble import RunInfo, write_run

        run = RunInfo(
            started_at=self.started_at,
            command=self.config.getoption("--ibkey-command") or " ".join(self.config.invocation_params.args),
            selection=json.loads(self.config.getoption("--ibkey-selection")),
            workers=_worker_count(self.config),
            broken=exitstatus not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED),
            implementation=self.config.stash.get(TARGET, REFERENCE).implementation(),
            browser=_browser(self.config),
            problems=self.redactor.redact_all(self.problems + unreadable_features(_features_dir(self.config))),
        )
        self.written = write_run(self.report_dir, self.redactor.redact_all(self.records), run)

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.written:
            terminalreporter.write_line(f"ibkey report: {self.written[0].parent}")


def _browser(config: pytest.Config) -> str:
    endpoint = config.getoption("--ibkey-browser-endpoint", default=None)
    return f"Playwright browser server at {endpoint_address(endpoint)}" if endpoint else LOCAL_BROWSER


def _worker_count(config: pytest.Config) -> int:
    workers = getattr(config.option, "numprocesses", None)
    return int(workers) if isinstance(workers, int) else 0
