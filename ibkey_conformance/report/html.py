"""conformance.html: one self-contained page for QA and security engineers, rendered from results.json alone.

This module shapes the results into what the page shows (groups, anchors, wording, "unchanged" evidence);
templates/conformance.html.j2 lays it out. Jinja2 escapes everything, except the phone screens: the
phone simulator's own HTML fragments, marked `|safe` in the template and nowhere else.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).with_name("templates")
TEMPLATE = "conformance.html.j2"

AREAS = ("activation", "installation", "authentication", "troubleshooting")
VERDICTS = {
    "conforms": ("CONFORMS", "good"),
    "does_not_conform": ("DOES NOT CONFORM", "bad"),
    "did_not_run": ("DID NOT RUN", "none"),
    "nothing_tested": ("NOTHING TESTED", "none"),
}
OUTCOMES = {  # label, in the order the totals list them
    "passed": "passed",
    "failed": "failed",
    "harness_error": "harness error",
    "xpassed": "unexpected pass",
    "xfailed": "expected failure",
    "skipped": "skipped",
    "not_applicable": "not applicable",
}
NOT_PASSING = ("failed", "harness_error", "xpassed")
CLAUSE_VERDICTS = {
    "passed": "passed",
    "failed": "failed",
    "not_reached": "not reached",
    "not_run": "not run",
    "not_tested": "not tested",
    "not_applicable": "not applicable",
}
FINDING_KINDS = {
    "figure_only": "figure only",
    "naming": "naming",
    "repeated": "repeated",
    "typo": "typo",
    "figure_numbering": "figure numbering",
    "missing": "missing",
    "contradiction": "contradiction",
}


def render_html(results: dict) -> str:
    """The whole page as a string; `results` must already be valid (see results_file.load_results)."""
    return _environment().get_template(TEMPLATE).render(page=build_page(results))


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["duration"] = format_duration
    env.filters["lines"] = format_lines
    return env


def scenario_anchor(scenario_id: str) -> str:
    """A stable, HTML-safe fragment id for a scenario, whatever characters its pytest node id has."""
    return "scenario-" + hashlib.sha1(scenario_id.encode("utf-8")).hexdigest()[:12]


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 60:
        return f"{seconds:.1f} s" if seconds < 10 else f"{seconds:.0f} s"
    minutes, rest = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {rest:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def format_lines(lines: list[int]) -> str:
    """Seed line numbers as people cite them: 'l. 12', 'll. 12, 40'."""
    if not lines:
        return ""
    return f"l. {lines[0]}" if len(lines) == 1 else "ll. " + ", ".join(str(line) for line in lines)


def format_time(iso: str) -> str:
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    zone = moment.strftime("%Z") or ""
    if moment.utcoffset() is not None and not moment.utcoffset():
        zone = "UTC"
    return f"{moment:%Y-%m-%d %H:%M:%S} {zone}".strip()


def build_page(results: dict) -> dict:
    """Everything the template shows, already grouped, counted and worded."""
    run = results["run"]
    scenarios = results["scenarios"]
    by_id = {scenario["id"]: scenario for scenario in scenarios}
    verdict_label, verdict_tone = VERDICTS[results["verdict"]]
    views = [_scenario_view(scenario, results.get("phone_screens", {})) for scenario in scenarios]
    areas = _areas(views)
    matrix = _matrix(results, by_id)
    titles = {section["id"]: section["title"] for section in results["sections"]}
    untested = [
        {**clause, "section_title": titles.get(clause["section"], clause["section"])}
        for clause in results["clauses"]
        if clause["verdict"] == "not_tested" or clause.get("untested")
    ]
    return {
        "title": f"IB Key conformance: {run['implementation']['name']} · {run['id']}",
        "verdict": {
            "key": results["verdict"], "label": verdict_label, "tone": verdict_tone,
            "qualifier": verdict_qualifier(results),
        },
        "summary_line": _summary_line(results),
        "run": _run_view(run),
        "outcome_counts": [
            {"key": key, "label": label, "count": results["totals"][key]}
            for key, label in OUTCOMES.items()
            if results["totals"][key] or key in ("passed", "failed")
        ],
        "totals": results["totals"],
        "coverage": _coverage(results),
        "clause_counts": _count(results["clauses"], "verdict", CLAUSE_VERDICTS),
        "failures": [
            view
            for area in areas
            for feature in area["features"]
            for view in feature["scenarios"]
            if view["outcome"] in NOT_PASSING
        ],
        "areas": areas,
        "matrix": matrix,
        "clause_total": len(results["clauses"]),
        "untested": untested,
        "problems": results.get("problems", []),
        "findings": [{**finding, "kind_label": FINDING_KINDS[finding["kind"]]} for finding in results["findings"]],
        "outcome_labels": OUTCOMES,
        "clause_verdict_labels": CLAUSE_VERDICTS,
    }


def _run_view(run: dict) -> dict:
    selection = run["selection"]
    chosen = [f"{key} {value}" for key, value in selection.items() if value]
    workers = run["workers"]
    return {
        **run,
        "started": format_time(run["started_at"]),
        "finished": format_time(run["finished_at"]),
        "selection_text": ", ".join(chosen) if chosen else "every scenario",
        "workers_text": f"{workers} (pytest-xdist)" if workers else "1 (no parallel workers)",
        "browser": run.get("browser"),  # results written before runs could use a browser server do not say
        "machine_text": f"Python {run['machine']['python']} on {run['machine']['platform']}, "
        f"{run['machine']['cpus']} CPU{'s' if run['machine']['cpus'] != 1 else ''}",
    }


def _summary_line(results: dict) -> str:
    totals = results["totals"]
    total = totals["scenarios"]
    if problems := results.get("problems"):
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        return f"{count} kept part of the suite from running: see below."
    cause = results["verdict_detail"]["cause"]
    if results["verdict"] in ("did_not_run", "nothing_tested"):
        return f"{cause[0].upper()}{cause[1:]}." if cause else "No scenario ran."
    bad = sum(totals[key] for key in NOT_PASSING)
    if results["verdict"] == "conforms":
        text = f"Every selected scenario passed: {totals['passed']} of {total}"
        if totals["xfailed"]:
            text += f", and {totals['xfailed']} failed as the target's expected-failure list says"
        return text + "."
    return f"{bad} of {total} scenario{'s' if total != 1 else ''} did not pass."


def verdict_qualifier(results: dict) -> str:
    """What a conforming verdict covers: the full suite, the target's profile, or the run's selection."""
    detail = results["verdict_detail"]
    if results["verdict"] != "conforms" or detail["scope"] == "full":
        return ""
    if detail["scope"] == "selection":
        chosen = ", ".join(f"{key} {value}" for key, value in detail["selection"].items())
        return f"for the selection ({chosen}): {detail['clauses_selected']} of {detail['clauses_total']} clauses"
    profile = ", ".join(detail["profile"])
    count = detail["clauses_not_applicable"]
    return f"for its profile ({profile}): {count} clause{'' if count == 1 else 's'} not applicable"


def _coverage(results: dict) -> dict:
    """The headline counts only implementation clauses whose checks passed against the target."""
    totals = results["totals"]
    total, passed = totals["clauses_implementation"], totals["clauses_passed"]
    return {
        "total": total,
        "passed": passed,
        "percent": round(100 * passed / total) if total else 0,
        "harness_model": totals["clauses_harness_model"],
        "harness_model_walked": totals["clauses_harness_model_walked"],
    }


def _count(items: list[dict], key: str, labels: dict[str, str]) -> list[dict]:
    counts = {name: 0 for name in labels}
    for item in items:
        counts[item[key]] = counts.get(item[key], 0) + 1
    return [{"key": name, "label": labels.get(name, name), "count": n} for name, n in counts.items() if n]


def _scenario_view(scenario: dict, screens: dict[str, str]) -> dict:
    error = scenario.get("error")
    failing_step = error.get("step") if error else None
    steps = _steps_view(scenario, screens, failing_step)
    feature = scenario["feature"]
    return {
        **scenario,
        "anchor": scenario_anchor(scenario["id"]),
        "lang": feature["language"],
        "open": scenario["outcome"] in NOT_PASSING,
        "outcome_label": OUTCOMES[scenario["outcome"]],
        "location": f"features/{_feature_path(feature['file'])}:{scenario['line']}",
        "steps_view": steps,
        # an error no step shows: setup, teardown, or a step index the steps do not have
        "scenario_error": error if error and not any(step["error"] for step in steps) else None,
        "error_headline": (error["message"].strip().splitlines() or [""])[0] if error else "",
        "checks_failed": sum(1 for check in scenario["checks"] if check["outcome"] == "failed"),
    }


def _feature_path(file: str) -> str:
    return file.removeprefix("features/")


def _steps_view(scenario: dict, screens: dict[str, str], failing_step: int | None) -> list[dict]:
    """Each step with the evidence to show; a screen the previous evidence already showed becomes 'unchanged',
    except at the failing step, which always shows what the screens looked like when it failed."""
    views = []
    last_portal: tuple[str, int] | None = None  # (image, step number where it was shown)
    last_phone: tuple[str, int] | None = None
    error = scenario.get("error")
    for step in scenario["steps"]:
        number = step["index"] + 1
        evidence = step["evidence"]
        portal = phone = None
        failing = step["outcome"] == "failed"
        if "portal" in evidence:
            shot = evidence["portal"]
            if last_portal and last_portal[0] == shot["image"] and not failing:
                portal = {"unchanged_since": last_portal[1]}
            else:
                portal = {**shot, "unchanged_since": None}
                last_portal = (shot["image"], number)
        if "phone" in evidence:
            screen = evidence["phone"]
            if last_phone and last_phone[0] == screen["screen_id"] and not failing:
                phone = {"unchanged_since": last_phone[1]}
            else:
                phone = {**screen, "html": screens.get(screen["screen_id"]), "unchanged_since": None}
                last_phone = (screen["screen_id"], number)
        shown = [item for item in (portal, phone) if item]
        views.append(
            {
                **step,
                "number": number,
                "portal": portal,
                "phone": phone,
                # every screen this step shows is as an earlier step left it: since the later of those steps
                "unchanged_since": max(item["unchanged_since"] for item in shown)
                if shown and all(item["unchanged_since"] for item in shown)
                else None,
                "error": error if failing_step is not None and step["index"] == failing_step else None,
            }
        )
    return views


def _areas(views: list[dict]) -> list[dict]:
    """Scenarios grouped by features/<area>/ in the seed's order, then by feature file, then by line."""
    grouped: dict[str, dict[str, list[dict]]] = {}
    features: dict[str, dict] = {}
    for view in views:
        feature = view["feature"]
        grouped.setdefault(feature["area"], {}).setdefault(feature["file"], []).append(view)
        features.setdefault(feature["file"], feature)
    order = [area for area in AREAS if area in grouped] + sorted(set(grouped) - set(AREAS))
    areas = []
    for area in order:
        feature_views = []
        for file, members in grouped[area].items():
            members.sort(key=lambda view: view["line"])
            feature_views.append(
                {
                    **features[file],
                    "path": f"features/{_feature_path(file)}",
                    "anchor": "feature-" + hashlib.sha1(file.encode("utf-8")).hexdigest()[:12],
                    "scenarios": members,
                    "counts": _count(members, "outcome", OUTCOMES),
                }
            )
        members = [view for feature in feature_views for view in feature["scenarios"]]
        areas.append(
            {
                "key": area,
                "title": area.replace("_", " ").capitalize() or "Other",
                "anchor": "area-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", area).strip("-") or "other"),
                "features": feature_views,
                "counts": _count(members, "outcome", OUTCOMES),
                "not_passing": sum(1 for view in members if view["outcome"] in NOT_PASSING),
                "total": len(members),
            }
        )
    return areas


def _matrix(results: dict, by_id: dict[str, dict]) -> list[dict]:
    """Clauses grouped by catalogue section, in the order the sections come; unknown sections last."""
    sections = {section["id"]: {**section, "clauses": []} for section in results["sections"]}
    extra: dict[str, dict] = {}
    for clause in results["clauses"]:
        covering = [
            {
                "id": scenario_id,
                "anchor": scenario_anchor(scenario_id) if scenario_id in by_id else None,
                "name": by_id[scenario_id]["name"] if scenario_id in by_id else scenario_id,
                "outcome": by_id[scenario_id]["outcome"] if scenario_id in by_id else None,
                "lang": by_id[scenario_id]["feature"]["language"] if scenario_id in by_id else None,
            }
            for scenario_id in clause["scenarios"]
        ]
        row = {**clause, "covering": covering, "verdict_label": CLAUSE_VERDICTS[clause["verdict"]]}
        section = sections.get(clause["section"])
        if section is None:
            section = extra.setdefault(
                clause["section"],
                {"id": clause["section"], "title": clause["section"], "lang": None, "lines": [], "clauses": []},
            )
        section["clauses"].append(row)
    groups = [section for section in sections.values() if section["clauses"]] + list(extra.values())
    for group in groups:
        group["anchor"] = "section-" + hashlib.sha1(group["id"].encode("utf-8")).hexdigest()[:10]
        group["counts"] = _count(group["clauses"], "verdict", CLAUSE_VERDICTS)
    return groups
