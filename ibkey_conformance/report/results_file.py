"""Read a run's results.json: JSON, valid against results.schema.json, its internal references resolved."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

SCHEMA_PATH = Path(__file__).with_name("results.schema.json")


class ResultsError(ValueError):
    """A results file that cannot be rendered: says which file, where in it, and what was expected."""


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def load_results(path: Path | str) -> dict:
    """Parse and validate `path`; raise ResultsError naming the file and the first problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ResultsError(f"{path}: no such file; give the results.json of a run folder under reports/") from None
    except IsADirectoryError:
        raise ResultsError(f"{path}: is a folder; give the results.json inside it") from None
    except UnicodeDecodeError as error:
        raise ResultsError(f"{path}: not UTF-8 text (byte {error.start}); a results file is UTF-8 JSON") from None
    except OSError as error:
        raise ResultsError(f"{path}: cannot read it: {error.strerror}") from None
    try:
        results = json.loads(text)
    except json.JSONDecodeError as error:
        raise ResultsError(f"{path}: not JSON: line {error.lineno} column {error.colno}: {error.msg}") from None
    check_results(results, source=str(path))
    return results


def check_results(results: object, source: str = "results") -> None:
    """Raise ResultsError unless `results` follows the schema and its ids refer to things that exist."""
    errors = list(_validator().iter_errors(results))
    if errors:
        first = best_match(errors)
        more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
        raise ResultsError(f"{source}: {first.json_path}: {first.message}{more}")
    problem = _first_dangling_reference(results)
    if problem:
        raise ResultsError(f"{source}: {problem}")


def _first_dangling_reference(results: dict) -> str | None:
    """The schema cannot say that an id names something elsewhere in the file; this does."""
    seen: set[str] = set()
    for i, scenario in enumerate(results["scenarios"]):
        if scenario["id"] in seen:
            return f"$.scenarios[{i}].id: {scenario['id']!r} appears twice; scenario ids are unique in a run"
        seen.add(scenario["id"])
    screens = results.get("phone_screens", {})
    for i, scenario in enumerate(results["scenarios"]):
        for j, step in enumerate(scenario["steps"]):
            phone = step["evidence"].get("phone")
            if phone and phone["screen_id"] not in screens:
                return (
                    f"$.scenarios[{i}].steps[{j}].evidence.phone.screen_id: {phone['screen_id']!r} "
                    "is not a key of phone_screens"
                )
    for i, clause in enumerate(results["clauses"]):
        for k, scenario_id in enumerate(clause["scenarios"]):
            if scenario_id not in seen:
                return f"$.clauses[{i}].scenarios[{k}]: {scenario_id!r} is not the id of a scenario in this run"
    return None
