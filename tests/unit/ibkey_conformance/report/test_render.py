"""render_reports: the three reports from one results.json, next to it or in another folder."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from ibkey_conformance.cli import main
from ibkey_conformance.report.render import render_reports
from ibkey_conformance.report.results_file import ResultsError

from .sample_results import IMAGES


def test_the_reports_land_next_to_results_json(results_path):
    written = render_reports(results_path)
    run_dir = results_path.parent
    assert written == [run_dir / "conformance.html", run_dir / "junit.xml", run_dir / "cucumber.json"]
    html = written[0].read_text(encoding="utf-8")
    assert "DOES NOT CONFORM" in html and 'src="images/a1b2c3d4.png"' in html
    assert ET.parse(written[1]).getroot().tag == "testsuites"
    cucumber_text = written[2].read_text(encoding="utf-8")
    assert "通知を選択してFace IDで認証する" in cucumber_text  # UTF-8, not \u escapes
    assert cucumber_text.startswith("[\n  {\n")  # indented for people who open it
    assert len(json.loads(cucumber_text)) == 2


def test_another_folder_gets_the_screenshots_the_page_shows(results_path, tmp_path):
    out = tmp_path / "published"
    written = render_reports(results_path, out)
    assert [path.parent for path in written] == [out, out, out]
    for name in IMAGES:
        copied = out / "images" / f"{name}.png"
        assert copied.read_bytes() == (results_path.parent / "images" / f"{name}.png").read_bytes()
    assert not (out / "results.json").exists()


def test_a_bad_results_file_writes_nothing(results_path):
    results_path.write_text('{"schema": "ibkey-conformance/results/v0"}', encoding="utf-8")
    with pytest.raises(ResultsError):
        render_reports(results_path)
    assert sorted(path.name for path in results_path.parent.iterdir()) == ["images", "results.json"]


def test_ibkey_conform_report_prints_the_paths_or_one_line_of_error(results_path, capsys):
    assert main(["report", str(results_path)]) == 0
    assert capsys.readouterr().out.split() == [
        str(results_path.parent / name) for name in ("conformance.html", "junit.xml", "cucumber.json")
    ]
    results_path.write_text("{}", encoding="utf-8")
    assert main(["report", str(results_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ibkey-conform report: {results_path}: $: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_ibkey_conform_report_names_a_missing_file(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nowhere.json")]) == 2
    assert capsys.readouterr().err == (
        f"ibkey-conform report: {tmp_path / 'nowhere.json'} is not a file; "
        "give a run's results.json, e.g. reports/latest/results.json\n"
    )


def test_ibkey_conform_report_can_write_elsewhere_with_the_images(results_path, tmp_path):
    out = tmp_path / "elsewhere"
    assert main(["report", str(results_path), "--out", str(out)]) == 0
    assert {"conformance.html", "junit.xml", "cucumber.json", "images"} <= {path.name for path in out.iterdir()}
    assert any((out / "images").iterdir())
