"""pytest plugin for the benchmark: each test's whole run (set-up, steps, report hooks, tear-down) in seconds."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

_timings: list[dict] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem):
    started = time.perf_counter()
    result = yield
    _timings.append({"id": item.nodeid, "seconds": time.perf_counter() - started})
    return result


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.failed:
        _timings.append({"id": report.nodeid, "failed": report.when})


def pytest_sessionfinish(session: pytest.Session) -> None:
    Path(os.environ["IBKEY_BENCH_TIMINGS"]).write_text(json.dumps(_timings))
