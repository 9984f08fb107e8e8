"""What `ibkey-conform run` prints while it runs, in place of pytest's dots.

A count with the elapsed time (rewritten in place on a terminal, every tenth of the run otherwise), each failure
the moment its scenario ends, and with `-v` one line per scenario as it finishes. The scenario records come
from the report plugin's teardown reports, so workers' scenarios show on the controller as they end.
"""

from __future__ import annotations

import json
import time

import pytest

from ibkey_conformance.console_failures import FAILED
from ibkey_conformance.redaction import Redactor
from ibkey_conformance.report.plugin import USER_PROPERTY


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--ibkey-progress", choices=("count", "lines"), default="count", help="count, or one line each")
    parser.addoption("--ibkey-name", default=None, help="only scenarios whose name holds this text (any case)")


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(Progress(config), "ibkey-progress")


@pytest.hookimpl(tryfirst=True)
def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config):
    """pytest's categories, without its letters: the progress lines say what each scenario did."""
    if hasattr(report, "wasxfail"):
        return None
    if report.when in ("setup", "teardown"):
        return ("error" if report.failed else "skipped" if report.skipped else ""), "", ""
    return report.outcome, "", ""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The scenario's own name is a keyword, so `-k lowercase` or `-k ロックアウト` finds it; `--ibkey-name`
    keeps only the scenarios whose name holds a phrase, spaces and all."""
    from pytest_bdd.scenario import scenario_wrapper_template_registry

    names = {}
    for item in items:
        template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))
        if template is not None:
            item.extra_keyword_matches.add(template.name)
            names[item] = template.name.casefold()
    phrase = config.getoption("--ibkey-name")
    if phrase:
        kept = [item for item in items if phrase.casefold() in names.get(item, "")]
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


class Progress:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.lines = config.getoption("--ibkey-progress") == "lines"
        self.total = 0
        self.done = 0
        self.failed = 0
        self.started = time.monotonic()
        self.next_milestone = 0.1

    @property
    def terminal(self):
        return self.config.pluginmanager.get_plugin("terminalreporter")

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.total = len(session.items)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node, ids: list[str]) -> None:
        self.total = max(self.total, len(ids))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "teardown":
            return
        record = next((json.loads(value) for name, value in report.user_properties if name == USER_PROPERTY), None)
        if record is None:
            return
        self.done += 1
        outcome = record["outcome"]
        self.failed += outcome in FAILED
        if outcome in FAILED or self.lines:
            self._line(f"{FAILED.get(outcome, outcome):13} {record['name']}{_blame(record)}")
        elif self.terminal.isatty:
            self.terminal.rewrite(self._count())
        elif self.total and self.done >= self.next_milestone * self.total:
            self.next_milestone += 0.1
            self.terminal.write_line(self._count())

    def _line(self, text: str) -> None:
        if self.terminal.isatty:
            self.terminal.rewrite("")
        self.terminal.write_line(f"{self._count()}  {text}")

    def _count(self) -> str:
        minutes, seconds = divmod(int(time.monotonic() - self.started), 60)
        failed = f", {self.failed} failed" if self.failed else ""
        return f"[{self.done:>3}/{self.total or '?'}  {minutes}:{seconds:02d}{failed}]"


def _blame(record: dict) -> str:
    """` — CLAUSE: what: expected …, actual …` for the failed check, secrets masked as the report masks them."""
    failed = next((check for check in reversed(record.get("checks", [])) if check["outcome"] == "failed"), None)
    if failed is None:
        return ""
    redactor = Redactor()
    for secret in record.get("secrets", []):
        redactor.add(secret)
    text = f" — {', '.join(failed['clauses'])}: {failed['what']}: expected {failed['expected']}, got {failed['actual']}"
    return redactor.redact(text)
