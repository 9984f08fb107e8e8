"""The CLI reports user mistakes in one line with exit code 2, never a traceback."""

import pytest

from ibkey_conformance.cli import main
from ibkey_conformance.run_command import VERDICT_EXIT_CODES, verdict_line


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["serve", "--port", "99999"], "99999 is out of range; use 1-65535"),
        (["serve", "--port", "eighty"], "'eighty' is not a port number"),
        (["serve", "--lang", "fr"], "invalid choice: 'fr'"),
        (["run", "--platform", "windows"], "invalid choice: 'windows'"),
        (["run", "-n", "two"], "'two' is not a number of workers"),
        (["run", "-n", "-1"], "-1 workers is negative"),
        (["clauses", "--status", "maybe"], "invalid choice: 'maybe'"),
    ],
)
def test_bad_arguments_name_what_is_accepted(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_missing_database_folder_is_a_one_line_error(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "absent" / "x.sqlite3")]) == 2
    err = capsys.readouterr().err
    assert "the folder" in err and "does not exist" in err and "Traceback" not in err


def test_user_without_password_is_refused(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "x.sqlite3"), "--user", "alice"]) == 2
    assert "--user and --password go together" in capsys.readouterr().err


def test_uppercase_user_name_is_refused_with_the_rule(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "x.sqlite3"), "--user", "Alice", "--password", "pw"]) == 2
    assert "lowercase letters, digits or underscores" in capsys.readouterr().err


def test_an_unwritable_report_folder_is_a_one_line_error(tmp_path, capsys):
    (tmp_path / "file").write_text("")
    assert main(["run", "--report-dir", str(tmp_path / "file")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ibkey-conform run: cannot create the report folder {tmp_path / 'file'}/")


def test_clauses_lists_the_catalogue_with_its_coverage(capsys):
    assert main(["clauses"]) == 0
    listing = capsys.readouterr().out
    assert "LP1-LOCKOUT" in listing and "inferred" in listing and "conflicting" in listing
    assert " clauses · " in listing and "with at least one scenario" in listing


def test_clauses_can_show_only_the_untested_ones_and_the_findings(capsys):
    assert main(["clauses", "--uncovered", "--findings"]) == 0
    listing = capsys.readouterr().out
    assert "untested:" in listing and "LP-CONTACT-PHONE" in listing and "LP1-LOCKOUT " not in listing
    assert "F-" in listing and "typo" in listing


def _verdict(verdict: str, scope: str = "full", cause: str | None = None, failed: tuple[str, ...] = ()) -> dict:
    return {
        "verdict": verdict,
        "verdict_detail": {
            "scope": scope, "selection": {"clauses": "LP1-LOCKOUT"} if scope == "selection" else {},
            "clauses_selected": 2, "clauses_total": 123, "clauses_not_applicable": 12,
            "profile": ["android", "push"], "cause": cause,
        },
        "clauses": [{"id": clause, "verdict": "failed"} for clause in failed] + [{"id": "X-1", "verdict": "passed"}],
    }


@pytest.mark.parametrize(
    ("results", "line", "exit_code"),
    [
        (_verdict("conforms"), "CONFORMS", 0),
        (_verdict("conforms", "profile"), "CONFORMS for its profile (android, push); 12 clauses not applicable", 0),
        (_verdict("conforms", "selection"), "CONFORMS for the selection (--clauses LP1-LOCKOUT: 2 of 123 clauses)", 0),
        (_verdict("does_not_conform", failed=("CR-5", "LP1-LOCKOUT")),
         "DOES NOT CONFORM: 2 clause(s) failed: CR-5, LP1-LOCKOUT", 1),
        (_verdict("did_not_run", cause="the browser failed: spawn /bin/false"),
         "DID NOT RUN: the browser failed: spawn /bin/false", 2),
        (_verdict("nothing_tested", cause="no scenario that ran called Acme's own code"),
         "NOTHING TESTED: no scenario that ran called Acme's own code", 2),
    ],
)
def test_the_verdict_line_says_what_the_verdict_covers(results, line, exit_code):
    assert verdict_line(results) == line
    assert VERDICT_EXIT_CODES[results["verdict"]] == exit_code
