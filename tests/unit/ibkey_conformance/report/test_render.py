"""render_reports: the three reports from one results.json, next to it or in another folder."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ibkey_conformance.cli import main
from ibkey_conformance.report.render import ScreenshotsMissing, render_reports
from ibkey_conformance.report.results_file import ResultsError

from .sample_results import IMAGES, sample_results, write_sample_run

REPO = Path(__file__).resolve().parents[4]


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


def report_error(argv: list[str], capsys) -> str:
    """`ibkey-conform report ARGV` exits 2 with one line on stderr and none on stdout; returns the line."""
    assert main(["report", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    return err


def test_report_refuses_an_out_that_is_a_file(results_path, tmp_path, capsys):
    taken = tmp_path / "notes.txt"
    taken.write_text("mine", encoding="utf-8")
    assert report_error([str(results_path), "--out", str(taken)], capsys) == (
        f"ibkey-conform report: {taken} is a file, not a folder; give a folder for the reports (created if missing)\n"
    )
    assert taken.read_text(encoding="utf-8") == "mine"


def test_report_says_why_an_out_folder_cannot_be_created(results_path, tmp_path, capsys):
    taken = tmp_path / "notes.txt"
    taken.write_text("mine", encoding="utf-8")
    out = taken / "reports" / "today"
    assert report_error([str(results_path), "--out", str(out)], capsys) == (
        f"ibkey-conform report: cannot create the folder {out}: {taken} is a file, not a folder\n"
    )


def test_report_says_which_report_it_could_not_write(results_path, tmp_path, capsys):
    out = tmp_path / "published"
    (out / "junit.xml").mkdir(parents=True)
    assert report_error([str(results_path), "--out", str(out)], capsys) == (
        f"ibkey-conform report: cannot write the reports to {out}: Is a directory ({out / 'junit.xml'})\n"
    )


def test_report_refuses_a_run_folder_whose_screenshots_are_gone(results_path, capsys):
    images = results_path.parent / "images"
    shutil.rmtree(images)
    assert report_error([str(results_path)], capsys) == (
        f"ibkey-conform report: {images} is missing, but results.json shows {len(IMAGES)} screenshots from it; "
        "put the run's images/ folder back beside results.json, as `ibkey-conform run` left it\n"
    )
    assert [path.name for path in results_path.parent.iterdir()] == ["results.json"]


def test_report_names_a_screenshot_missing_from_images(results_path, tmp_path, capsys):
    (results_path.parent / "images" / "b5e6f7a8.png").unlink()
    out = tmp_path / "published"
    err = report_error([str(results_path), "--out", str(out)], capsys)
    assert err.startswith(f"ibkey-conform report: {results_path.parent / 'images'} lacks 1 of the 3 screenshots ")
    assert "(first: images/b5e6f7a8.png)" in err
    assert not out.exists()


def test_results_without_screenshots_need_no_images_folder(tmp_path):
    results = sample_results()
    for scenario in results["scenarios"]:
        for step in scenario["steps"]:
            step["evidence"].pop("portal", None)
    results_path = write_sample_run(tmp_path / "run", results)
    shutil.rmtree(tmp_path / "run" / "images")
    assert [path.name for path in render_reports(results_path)] == ["conformance.html", "junit.xml", "cucumber.json"]


def test_render_reports_raises_a_type_for_missing_screenshots(results_path):
    shutil.rmtree(results_path.parent / "images")
    with pytest.raises(ScreenshotsMissing):
        render_reports(results_path)


def test_the_command_in_its_own_process_says_it_in_one_line_too(results_path, tmp_path):
    taken = tmp_path / "notes.txt"
    taken.write_text("mine", encoding="utf-8")
    command = [sys.executable, "-m", "ibkey_conformance.cli", "report", str(results_path), "--out", str(taken)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"ibkey-conform report: {taken} is a file, not a folder")
    assert done.stderr.count("\n") == 1
