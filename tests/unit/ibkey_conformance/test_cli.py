"""The CLI reports user mistakes in one line with exit code 2, never a traceback."""

import pytest

from ibkey_conformance.cli import main


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["serve", "--port", "99999"], "99999 is out of range; use 1-65535"),
        (["serve", "--port", "eighty"], "'eighty' is not a port number"),
        (["serve", "--lang", "fr"], "invalid choice: 'fr'"),
        (["run", "--platform", "windows"], "invalid choice: 'windows'"),
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
