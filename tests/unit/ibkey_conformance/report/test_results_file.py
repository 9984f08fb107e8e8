"""results.json is checked against its schema before anything is rendered; a bad file is one clear line."""

from __future__ import annotations

import json

import pytest

from ibkey_conformance.report.results_file import SCHEMA_PATH, ResultsError, check_results, load_results

from .sample_results import sample_results


def test_the_sample_follows_the_schema(results_path):
    assert load_results(results_path) == sample_results()


def test_schema_path_is_the_shipped_schema():
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["properties"]["schema"]["const"] == (
        "ibkey-conformance/results/v2"
    )


def _set_outcome(results):
    results["scenarios"][0]["outcome"] = "passd"


def _drop_verdict(results):
    del results["verdict"]


def _bad_run_id(results):
    results["run"]["id"] = "latest"


def _bad_start(results):
    results["run"]["started_at"] = "yesterday"


def _image_outside_images(results):
    results["scenarios"][0]["steps"][1]["evidence"]["portal"]["image"] = "../../etc/passwd"


def _extra_field(results):
    results["scenarios"][2]["error"]["screenshot"] = "x.png"


def _unknown_screen(results):
    results["scenarios"][0]["steps"][2]["evidence"]["phone"]["screen_id"] = "s-gone"


def _unknown_scenario(results):
    results["clauses"][0]["scenarios"] = ["features/test_scenarios.py::test_gone"]


def _same_id_twice(results):
    results["scenarios"][1]["id"] = results["scenarios"][0]["id"]


@pytest.mark.parametrize(
    ("breakage", "where", "what"),
    [
        (_set_outcome, "$.scenarios[0].outcome", "'passd' is not one of ['passed', 'failed'"),
        (_drop_verdict, "$:", "'verdict' is a required property"),
        (_bad_run_id, "$.run.id", "'latest' does not match"),
        (_bad_start, "$.run.started_at", "'yesterday' is not a 'date-time'"),
        (_image_outside_images, "$.scenarios[0].steps[1].evidence.portal.image", "does not match"),
        (_extra_field, "$.scenarios[2].error", "'screenshot' was unexpected"),
        (_unknown_screen, "$.scenarios[0].steps[2].evidence.phone.screen_id", "'s-gone' is not a key of phone_screens"),
        (_unknown_scenario, "$.clauses[0].scenarios[0]", "is not the id of a scenario in this run"),
        (_same_id_twice, "$.scenarios[1].id", "appears twice"),
    ],
)
def test_a_broken_file_names_itself_the_place_and_what_was_expected(results_path, breakage, where, what):
    results = sample_results()
    breakage(results)
    results_path.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ResultsError) as error:
        load_results(results_path)
    message = str(error.value)
    assert message.startswith(f"{results_path}: {where}")
    assert what in message
    assert "\n" not in message and "Traceback" not in message


def test_not_json_says_where_it_stops(results_path):
    results_path.write_text('{"schema": "ibkey-conformance/results/v2",\n  "run": }', encoding="utf-8")
    with pytest.raises(ResultsError, match=r"results\.json: not JSON: line 2 column 10"):
        load_results(results_path)


def test_a_missing_file_is_a_results_error(tmp_path):
    with pytest.raises(ResultsError, match="no such file"):
        load_results(tmp_path / "results.json")
    with pytest.raises(ResultsError, match="is a folder"):
        load_results(tmp_path)


def test_results_error_is_a_value_error():
    assert issubclass(ResultsError, ValueError)


def test_more_problems_are_counted_not_listed():
    results = sample_results()
    results["verdict"] = "maybe"
    results["scenarios"][0]["outcome"] = "passd"
    with pytest.raises(ResultsError, match=r"\(and 1 more problem\)$"):
        check_results(results)
