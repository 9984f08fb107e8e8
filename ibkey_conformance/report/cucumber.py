"""cucumber.json: the Cucumber JSON report, shaped as cucumber-js writes it, for Cucumber report tools.

Cucumber JSON has no notion of a scenario's outcome apart from its steps, so the outcome is carried by
them: steps that did not run are `skipped`; a failure outside the steps (setup, teardown) is a failed
hidden `Before`/`After` hook, as cucumber-js writes hooks; an expected failure (xfailed) turns the failing
step `skipped`, as pytest-bdd does; an unexpected pass (xpassed) gets a failed `After` hook saying so.
A scenario's tags are its feature's, its own and one `@clause.<ID>` per clause it checks, as the feature file
has them. The portal screenshots are step embeddings (`_Screenshots` says which steps carry them, and why).
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

KEYWORDS = {"en": ("Feature", "Scenario"), "ja": ("機能", "シナリオ")}
STEP_STATUS = {"passed": "passed", "failed": "failed", "not_run": "skipped"}
NANOSECONDS = 1_000_000_000


def render_cucumber(results: dict, run_dir: Path) -> list:
    """The features of `results`, with the screenshots its steps name read from `run_dir` (the folder of
    results.json, which holds images/)."""
    screenshots = _Screenshots(Path(run_dir))
    features: dict[str, dict] = {}
    for scenario in results["scenarios"]:
        feature = scenario["feature"]
        if feature["file"] not in features:
            features[feature["file"]] = _feature(feature)
        features[feature["file"]]["elements"].append(
            _element(scenario, features[feature["file"]]["id"], screenshots)
        )
    return list(features.values())


def cucumber_id(name: str) -> str:
    """cucumber-js ids: the name lower-cased with spaces as dashes."""
    return re.sub(r"\s+", "-", name.strip()).lower()


def _feature(feature: dict) -> dict:
    keyword, _ = KEYWORDS.get(feature["language"], KEYWORDS["en"])
    return {
        "uri": f"features/{feature['file'].removeprefix('features/')}",
        "id": cucumber_id(feature["name"]),
        "name": feature["name"],
        "keyword": keyword,
        "line": feature["line"],
        "description": feature["description"],
        "tags": _tags(feature["tags"], feature["line"]),
        "elements": [],
    }


def _tags(tags: list[str], line: int) -> list[dict]:
    """Tags sit on the line above what they tag."""
    return [{"name": tag if tag.startswith("@") else f"@{tag}", "line": max(1, line - 1)} for tag in tags]


def _element(scenario: dict, feature_id: str, screenshots: _Screenshots) -> dict:
    _, keyword = KEYWORDS.get(scenario["feature"]["language"], KEYWORDS["en"])
    return {
        "id": f"{feature_id};{cucumber_id(scenario['name'])}",
        "name": scenario["name"],
        "keyword": keyword,
        "line": scenario["line"],
        "description": "",
        "type": "scenario",
        "tags": _scenario_tags(scenario),
        "steps": _steps(scenario, screenshots),
    }


def _scenario_tags(scenario: dict) -> list[dict]:
    """As cucumber-js lists a scenario's tags: the feature's first (a scenario inherits them), then its own.
    results.json keeps the clause tags apart, as the scenario's clauses."""
    feature = scenario["feature"]
    own = [tag for tag in scenario["tags"] if tag not in feature["tags"]]
    own += [f"clause.{clause}" for clause in scenario["clauses"] if f"clause.{clause}" not in own]
    return _tags(feature["tags"], feature["line"]) + _tags(own, scenario["line"])


def _steps(scenario: dict, screenshots: _Screenshots) -> list[dict]:
    outcome = scenario["outcome"]
    error = scenario.get("error")
    message = _error_message(scenario)
    steps = []
    shown = None
    for step in scenario["steps"]:
        status = STEP_STATUS[step["outcome"]]
        result: dict = {"status": status, "duration": round(step["duration_s"] * NANOSECONDS)}
        if status == "failed":
            if outcome == "xfailed":
                result["status"] = "skipped"
            if message:
                result["error_message"] = message
        json_step = {
            "arguments": [],
            "keyword": step["keyword"].rstrip() + " ",
            "name": step["text"],
            "line": step["line"],
            "match": {"location": ""},
            "result": result,
        }
        image = step["evidence"].get("portal", {}).get("image")
        if image and (image != shown or status == "failed"):
            json_step["embeddings"] = [{"data": screenshots.base64(image), "mime_type": "image/png"}]
        shown = image
        steps.append(json_step)
    statuses = {step["result"]["status"] for step in steps}
    if outcome in ("failed", "harness_error") and "failed" not in statuses:
        hook = "Before" if error and error.get("phase") == "setup" else "After"
        failed = _hook(hook, "failed", message or f"the scenario {outcome}")
        steps = [failed, *steps] if hook == "Before" else [*steps, failed]
    elif outcome == "xpassed":
        reason = scenario.get("reason")
        steps.append(_hook("After", "failed", f"unexpected pass: {reason}" if reason else "unexpected pass"))
    elif outcome in ("skipped", "not_applicable", "xfailed") and "skipped" not in statuses:
        steps.insert(0, _hook("Before", "skipped", None))
    return steps


class _Screenshots:
    """The portal screenshots as Cucumber JSON embeds them: base64 PNG, each file read once per render.

    Embedded, not linked: Cucumber report tools write their pages into folders of their own, away from
    images/, so a relative path would break there, while base64 shows in every tool. A step embeds the
    screenshot only where the portal changed since the step before, and on a failed step: the evidence plugin
    reuses a screenshot while the page stays the same, and in a run of the whole suite (83 scenarios) 619 steps
    have a screenshot but only 134 show a change: 8.5 MB of base64 instead of 43 MB.
    """

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self._encoded: dict[str, str] = {}

    def base64(self, image: str) -> str:
        if image not in self._encoded:
            self._encoded[image] = base64.b64encode((self.run_dir / image).read_bytes()).decode("ascii")
        return self._encoded[image]


def _hook(keyword: str, status: str, message: str | None) -> dict:
    """A hook as cucumber-js lists it among the steps: hidden, without a name or line."""
    result: dict = {"status": status, "duration": 0}
    if message:
        result["error_message"] = message
    return {"keyword": keyword, "hidden": True, "match": {"location": ""}, "result": result}


def _error_message(scenario: dict) -> str | None:
    error = scenario.get("error")
    if not error:
        return None
    failed = next((check for check in scenario["checks"] if check["outcome"] == "failed"), None)
    parts = [f"{error['type']}: {error['message']}"]
    if failed and scenario["outcome"] != "harness_error":
        clauses = ", ".join(failed["clauses"])
        parts.insert(0, f"failed clause {clauses}: {failed['what']}")
    if error.get("expected") is not None or error.get("actual") is not None:
        parts.append(f"Expected: {error.get('expected')}\nActual:   {error.get('actual')}")
    if error.get("traceback"):
        parts.append(error["traceback"])
    if scenario["outcome"] == "xfailed":
        parts.insert(0, f"expected failure: {scenario.get('reason') or ''}".rstrip(": "))
    return "\n\n".join(parts)
