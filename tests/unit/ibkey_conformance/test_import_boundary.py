"""The harness never takes what it expects from the reference: expected values come from the catalogue."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# Where the reference keeps its own wording, codes, OCRA and QR payloads: the answers a target is judged on.
EXPECTED_VALUES = (
    "ibkey_reference.portal.i18n",
    "ibkey_reference.server.errors",
    "ibkey_reference.ocra",
    "ibkey_reference.qr",
)
# `serve` starts the reference itself and tells its user, in one line, that a user name is taken.
ALLOWED = {("ibkey_conformance/cli.py", "ibkey_reference.server.errors")}
HARNESS = sorted([*ROOT.joinpath("ibkey_conformance").rglob("*.py"), *ROOT.joinpath("steps").glob("*.py")])


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules |= {f"{node.module}.{alias.name}" for alias in node.names}
    return modules


def forbidden_imports(path: Path) -> list[str]:
    relative = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    return sorted(
        module for module in imported_modules(path)
        for banned in EXPECTED_VALUES
        if (module == banned or module.startswith(banned + ".")) and (relative, banned) not in ALLOWED
    )


@pytest.mark.parametrize("path", HARNESS, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_the_harness_takes_no_expected_value_from_the_reference(path):
    assert forbidden_imports(path) == []


@pytest.mark.parametrize(
    "source",
    [
        "from ibkey_reference.portal.i18n import TEXTS\n",
        "from ibkey_reference.portal import i18n\n",
        "import ibkey_reference.ocra\n",
        "from ibkey_reference.server.errors import AccountLocked\n",
    ],
)
def test_the_boundary_sees_each_way_of_importing(tmp_path, source):
    module = tmp_path / "sneaky.py"
    module.write_text(source, encoding="utf-8")
    assert forbidden_imports(module) != []


def test_the_harness_is_scanned():
    assert any(path.name == "checks.py" for path in HARNESS) and any(path.parent.name == "steps" for path in HARNESS)
