"""Where the suites are: features/, steps/ and the root conftest.py of a source checkout, or their copy that
travels inside the wheel (`ibkey_conformance/suite/`, written by setup.py's build step)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent
INSTALLED = PACKAGE / "suite"


def _root() -> Path:
    if (CHECKOUT / "features" / "test_scenarios.py").is_file() and (CHECKOUT / "pyproject.toml").is_file():
        return CHECKOUT
    return INSTALLED


SUITE_ROOT = _root()
FEATURES_DIR = SUITE_ROOT / "features"
PYTEST_CONFIG = SUITE_ROOT / "pyproject.toml"  # in the wheel: only the checkout's [tool.pytest.ini_options]
SEED = CHECKOUT / "fixtures" / "seed" / "ibkey_help.txt" if SUITE_ROOT == CHECKOUT else INSTALLED / "seed.txt"
