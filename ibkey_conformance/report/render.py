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


def render_reports(results_path: Path, out_dir: Path | None = None) -> list[Path]:
    """Write the three reports next to results.json, or into `out_dir` with a copy of images/ so the page
    shows its screenshots there too. Returns the paths written: html, junit, cucumber."""
    results_path = Path(results_path)
    results = load_results(results_path)
    run_dir = results_path.parent
    out_dir = Path(out_dir) if out_dir is not None else run_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    if out_dir.resolve() != run_dir.resolve():
        _copy_images(results, run_dir, out_dir)
    cucumber = render_cucumber(results, run_dir)
    written = [
        _write(out_dir / HTML_NAME, render_html(results)),
        _write(out_dir / JUNIT_NAME, render_junit(results)),
        _write(out_dir / CUCUMBER_NAME, json.dumps(cucumber, ensure_ascii=False, indent=2) + "\n"),
    ]
    return written


def _copy_images(results: dict, run_dir: Path, out_dir: Path) -> None:
    """Copy the screenshots the results refer to (not the whole folder: a run may hold others)."""
    images = {
        step["evidence"]["portal"]["image"]
        for scenario in results["scenarios"]
        for step in scenario["steps"]
        if "portal" in step["evidence"]
    }
    for image in sorted(images):
        source, target = run_dir / image, out_dir / image
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
