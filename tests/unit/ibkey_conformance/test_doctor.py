"""`ibkey-conform doctor`: each missing piece is named with its fix, and only required ones fail it."""

from __future__ import annotations

from ibkey_conformance.cli import main
from ibkey_conformance.doctor import Finding, diagnose


def test_a_missing_required_piece_is_named_with_its_fix_and_fails():
    lines, code = diagnose((lambda: Finding("Chromium", None, "apt-get install chromium"),))
    assert code == 1
    assert lines == ["MISSING  Chromium: not found; fix: apt-get install chromium", "1 missing: a run would fail"]


def test_a_missing_optional_piece_does_not_fail():
    lines, code = diagnose((
        lambda: Finding("libzbar", "libzbar.so.0", "apt-get install libzbar0"),
        lambda: Finding("Node.js", None, "apt-get install nodejs npm", required=False),
    ))
    assert code == 0
    assert lines[:2] == [
        "ok       libzbar: libzbar.so.0", "optional Node.js: not found; fix: apt-get install nodejs npm",
    ]


def test_chromium_that_is_not_there_is_missing(monkeypatch, capsys):
    monkeypatch.setenv("IBKEY_CHROMIUM", "/nonexistent/chromium")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "MISSING  Chromium: not found; fix: apt-get install chromium-headless-shell" in out
    assert "ok       libzbar" in out


def test_this_machine_has_what_a_run_needs(capsys):
    assert main(["doctor"]) == 0, capsys.readouterr().out
