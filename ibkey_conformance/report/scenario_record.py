"""One scenario as it ran: its steps with outcome, duration and evidence, its error, in the results schema's shape."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ibkey_conformance.redaction import Redactor
from ibkey_conformance.report.evidence import EvidenceCamera


def feature_of(feature: Any, features_dir: Path) -> dict:
    """The feature's fields in the results; its file is the path under the features folder, its area the folder."""
    path = Path(feature.filename)
    under_base_dir = path.relative_to(features_dir).parts if path.is_relative_to(features_dir) else (path.name,)
    return {
        "name": feature.name,
        "file": "/".join(under_base_dir),
        "area": under_base_dir[0] if len(under_base_dir) > 1 else "",
        "language": feature.language,
        "line": feature.line_number,
        "description": feature.description or "",
        "tags": sorted(tag for tag in feature.tags if not tag.startswith("clause.")),
    }


class ScenarioRecord:
    """Filled in by the report plugin's hooks while the scenario runs; `to_dict` gives the redacted record."""

    def __init__(self, nodeid: str, feature: Any, scenario: Any, images_dir: Path, features_dir: Path) -> None:
        self.nodeid = nodeid
        self.feature = feature_of(feature, features_dir)
        self.name = scenario.name
        self.line = scenario.line_number
        tags = scenario.tags | feature.tags
        self.tags = sorted(tag for tag in tags if not tag.startswith("clause."))
        self.clauses = sorted(tag.removeprefix("clause.") for tag in tags if tag.startswith("clause."))
        self.steps = [
            {
                "index": index,
                "keyword": step.keyword.strip(),
                "text": step.name,
                "line": step.line_number,
                "type": step.type,
                "outcome": "not_run",
                "duration_s": 0.0,
                "evidence": {},
            }
            for index, step in enumerate(scenario.steps)
        ]
        self.redactor = Redactor()
        self.camera = EvidenceCamera(images_dir)
        self.error: dict | None = None
        self._current: int | None = None
        self._step_started = 0.0
        self._next = 0

    def step_started(self) -> None:
        self._current = self._next
        self._next += 1
        self._step_started = time.perf_counter()

    def step_ended(self, arguments: dict[str, Any], failed: bool) -> None:
        if self._current is None or self._current >= len(self.steps):
            return
        step = self.steps[self._current]
        step["duration_s"] = round(time.perf_counter() - self._step_started, 4)
        step["outcome"] = "failed" if failed else "passed"
        self.redactor.collect(arguments)
        self.camera.notice(arguments)
        step["evidence"] = self.camera.capture()

    @property
    def current_step(self) -> int | None:
        return self._current

    def fail(self, error: dict) -> None:
        if self.error is None:
            self.error = error

    def to_dict(self, **outcome: Any) -> dict:
        """The record with its outcome, every secret the scenario handled replaced by dots.

        The secrets go along under "secrets" so the controller can redact the whole run with all of them.
        """
        record = {
            "id": self.nodeid,
            "feature": self.feature,
            "name": self.name,
            "line": self.line,
            "tags": self.tags,
            "clauses": self.clauses,
            "steps": self.steps,
            "checks": [],
            "error": self.error,
            "phone_screens": self.camera.phone_screens,
            **outcome,
        }
        return self.redactor.redact_all(record) | {"secrets": self.redactor.known()}
