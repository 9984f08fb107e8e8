"""Rules every step module keeps: comparisons go through `check`, and every Then-step names what it checks."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from ibkey_conformance.clauses import load_catalogue

STEPS = Path(__file__).resolve().parents[3] / "steps"
MODULES = sorted(STEPS.glob("*.py"))


def _decorator_name(decorator: ast.expr) -> str | None:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return target.id if isinstance(target, ast.Name) else None


def _checked_clauses(function: ast.FunctionDef, namespace: dict) -> tuple[str, ...]:
    """The clause ids of the function's `@checks(...)`, its arguments evaluated in the step module."""
    for decorator in function.decorator_list:
        if _decorator_name(decorator) == "checks" and isinstance(decorator, ast.Call):
            arguments = ast.Expression(ast.Tuple(elts=decorator.args, ctx=ast.Load()))
            return eval(compile(ast.fix_missing_locations(arguments), "<checks>", "eval"), namespace)
    return ()


def _namespace(path: Path) -> dict:
    if path.parent != STEPS:
        return {}
    return vars(importlib.import_module(f"steps.{path.stem}"))


def test_the_step_modules_are_found():
    assert {path.name for path in MODULES} >= {"phone.py", "portal.py", "camera.py", "trading.py"}


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_no_step_module_compares_with_a_bare_assert(path):
    asserts = [node.lineno for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.Assert)]
    assert asserts == [], f"{path.name}: bare assert on lines {asserts}; compare through check(what, expected, actual)"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_every_then_step_declares_catalogue_clauses(path):
    known = set(load_catalogue().ids)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    namespace = _namespace(path)
    for function in (node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)):
        if "then" not in {_decorator_name(decorator) for decorator in function.decorator_list}:
            continue
        clauses = _checked_clauses(function, namespace)
        assert clauses, f"{path.name}:{function.lineno}: a Then-step without @checks(...)"
        assert set(clauses) <= known, f"{path.name}:{function.lineno}: unknown clauses {set(clauses) - known}"


def test_the_rule_sees_a_bare_assert_and_an_undeclared_then(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text('@then("x")\ndef _(page):\n    assert page.ok\n', encoding="utf-8")
    with pytest.raises(AssertionError, match="bare assert on lines \\[3\\]"):
        test_no_step_module_compares_with_a_bare_assert(broken)
    with pytest.raises(AssertionError, match="a Then-step without @checks"):
        test_every_then_step_declares_catalogue_clauses(broken)
