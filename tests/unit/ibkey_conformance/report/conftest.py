"""A run folder with the sample results, for the renderer tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from .sample_results import write_sample_run


@pytest.fixture
def results_path(tmp_path: Path) -> Path:
    """reports/<run-id>/results.json beside its images/, as a run leaves it."""
    return write_sample_run(tmp_path / "reports" / "20261127-162642-3fa2")
