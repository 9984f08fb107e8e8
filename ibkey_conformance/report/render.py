"""Render a run's results.json into conformance.html, junit.xml and cucumber.json (`ibkey-conform report`).

Reads results.json and its images/ folder only; never reruns a test.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ibkey_conformance.report.cucumber import render_cucumber
from ibkey_conformance.report.html import render_html
from ibkey_conformance.report.junit import render_junit
from ibkey_conformance.report.results_file import load_results

HTML_NAME = "conformance.html"
JUNIT_NAME = "junit.xml"
CUCUMBER_NAME = "cucumber.json"
IMAGES = "images"


class RenderError(Exception):
    """Reports that cannot be rendered from this run folder or written where asked: says which path, what to do."""


class ScreenshotsMissing(RenderError):
    """The results show screenshots the run folder's images/ does not hold."""


class OutputUnusable(RenderError):
    """The folder for the reports is a file, cannot be created, or cannot be written to."""


def render_reports(results_path: Path, out_dir: Path | None = None) -> list[Path]:
    """Write the three reports next to results.json, or into `out_dir` with a copy of images/ so the page
    shows its screenshots there too. Returns the paths written: html, junit, cucumber. Checks the results and
    their screenshots and renders all three before it writes anything."""
    results_path = Path(results_path)
    results = load_results(results_path)
    run_dir = results_path.parent
    screenshots = _screenshots(results)
    _check_screenshots(screenshots, run_dir, results_path.name)
    out_dir = Path(out_dir) if out_dir is not None else run_dir
    reports = {
        HTML_NAME: render_html(results),
        JUNIT_NAME: render_junit(results),
        CUCUMBER_NAME: json.dumps(render_cucumber(results, run_dir), ensure_ascii=False, indent=2) + "\n",
    }
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputUnusable(f"{out_dir} is a file, not a folder; give a folder for the reports (created if missing)")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        if out_dir.resolve() != run_dir.resolve():
            _copy_screenshots(screenshots, run_dir, out_dir)
        return [_write(out_dir / name, text) for name, text in reports.items()]
    except OSError as error:
        raise OutputUnusable(_why_unusable(out_dir, error)) from None


def _screenshots(results: dict) -> set[str]:
    """The screenshots the results refer to, as paths under the run folder (images/…)."""
    return {
        step["evidence"]["portal"]["image"]
        for scenario in results["scenarios"]
        for step in scenario["steps"]
        if "portal" in step["evidence"]
    }


def _check_screenshots(screenshots: set[str], run_dir: Path, results_name: str) -> None:
    folder = run_dir / IMAGES
    if screenshots and not folder.is_dir():
        raise ScreenshotsMissing(
            f"{folder} is missing, but {results_name} shows {len(screenshots)} screenshots from it; "
            f"put the run's {IMAGES}/ folder back beside {results_name}, as `ibkey-conform run` left it"
        )
    missing = sorted(image for image in screenshots if not (run_dir / image).is_file())
    if missing:
        raise ScreenshotsMissing(
            f"{folder} lacks {len(missing)} of the {len(screenshots)} screenshots {results_name} shows "
            f"(first: {missing[0]}); copy the run's whole {IMAGES}/ folder beside {results_name}"
        )


def _copy_screenshots(screenshots: set[str], run_dir: Path, out_dir: Path) -> None:
    """Copy the screenshots the results refer to (not the whole folder: a run may hold others)."""
    for image in sorted(screenshots):
        target = out_dir / image
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(run_dir / image, target)


def _why_unusable(out_dir: Path, error: OSError) -> str:
    if not out_dir.is_dir():
        nearest = next((folder for folder in out_dir.parents if folder.exists()), None)
        if nearest is not None and not nearest.is_dir():
            return f"cannot create the folder {out_dir}: {nearest} is a file, not a folder"
        return f"cannot create the folder {out_dir}: {error.strerror or error}"
    where = f" ({error.filename})" if error.filename and Path(error.filename) != out_dir else ""
    return f"cannot write the reports to {out_dir}: {error.strerror or error}{where}"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
