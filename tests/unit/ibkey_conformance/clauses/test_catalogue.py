"""The catalogue loader: the real file loads, and each broken rule is reported with file, entry and what is accepted."""

from __future__ import annotations

from pathlib import Path

import pytest

from ibkey_conformance.clauses import CatalogueError, load_catalogue

VALID = """
[[section]]
id = "ios-qr"
title = "iOS QR"
lang = "en"
lines = [1, 19]

[[section]]
id = "ja-login"
title = "Login problems"
lang = "ja"
lines = [20, 30]

[[clause]]
id = "IOS-QR-1"
section = "ios-qr"
kind = "step"
status = "explicit"
sources = [1, 21]
text = "Open the app."
checked_on = "harness model"

[[clause]]
id = "GAP-1"
section = "ios-qr"
kind = "step"
status = "inferred"
sources = []
text = "A step only a figure shows."
note = "The reference chose a path."
checked_on = "implementation"
expected = { en = "Locked.", ja = "ロック。", wording = "inferred" }

[[finding]]
id = "F-GAP"
kind = "figure_only"
lines = [5]
text = "A figure without text."
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalogue.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_real_catalogue_loads():
    catalogue = load_catalogue()
    assert len(catalogue.clauses) >= 100
    assert len(set(catalogue.ids)) == len(catalogue.ids)
    assert catalogue.clause("LP9-PORTAL-ONLY").status == "conflicting"


def test_a_valid_file_loads_into_frozen_records(tmp_path):
    catalogue = load_catalogue(write(tmp_path, VALID))
    assert catalogue.ids == ("IOS-QR-1", "GAP-1")
    clause = catalogue.clause("IOS-QR-1")
    assert clause.sources == (1, 21) and clause.note is None and clause.untested is None
    assert catalogue.section("ja-login").lines == (20, 30)
    assert catalogue.findings[0].lines == (5,)
    assert clause.checked_on == "harness model" and clause.expected is None
    gap = catalogue.clause("GAP-1")
    assert gap.checked_on == "implementation" and gap.expected_text("ja") == "ロック。"
    with pytest.raises(KeyError, match="IOS-QR-1 has no expected message"):
        clause.expected_text("en")
    with pytest.raises(AttributeError):
        clause.text = "changed"  # type: ignore[misc]


def test_an_unknown_clause_id_is_a_key_error_naming_it(tmp_path):
    with pytest.raises(KeyError, match="NOPE"):
        load_catalogue(write(tmp_path, VALID)).clause("NOPE")


@pytest.mark.parametrize(
    ("old", "new", "entry", "expected"),
    [
        ('id = "GAP-1"', 'id = "IOS-QR-1"', "clause 'IOS-QR-1'", "id used twice"),
        ('kind = "step"\nstatus = "explicit"', 'kind = "law"\nstatus = "explicit"', "clause 'IOS-QR-1'",
         "kind 'law' is not accepted; accepted: step, rule, message, hint"),
        ('status = "explicit"', 'status = "guessed"', "clause 'IOS-QR-1'",
         "status 'guessed' is not accepted; accepted: explicit, inferred, conflicting"),
        ('section = "ios-qr"\nkind = "step"\nstatus = "explicit"',
         'section = "nowhere"\nkind = "step"\nstatus = "explicit"',
         "clause 'IOS-QR-1'", "section 'nowhere' does not exist; sections: ios-qr, ja-login"),
        ("sources = [1, 21]", "sources = [21, 1]", "clause 'IOS-QR-1'",
         "first source line 21 is outside its section 'ios-qr' (lines 1-19)"),
        ("sources = [1, 21]", "sources = [1, 99]", "clause 'IOS-QR-1'",
         "line 99 lies in no section; sections cover 1-19, 20-30"),
        ("sources = [1, 21]", "sources = []", "clause 'IOS-QR-1'", "sources must cite at least one seed line"),
        ("sources = [1, 21]", 'sources = ["1"]', "clause 'IOS-QR-1'", "sources must be a list of seed line numbers"),
        ('note = "The reference chose a path."\n', "", "clause 'GAP-1'", "status 'inferred' needs a note"),
        ("sources = [1, 21]", "source = [1, 21]", "clause 'IOS-QR-1'", "unknown key 'source'; accepted: id, section"),
        ('text = "Open the app."', "", "clause 'IOS-QR-1'", "missing 'text'; required: id, section, kind"),
        ('checked_on = "harness model"', 'checked_on = "phone"', "clause 'IOS-QR-1'",
         "checked_on 'phone' is not accepted; accepted: implementation, harness model, advice"),
        ('checked_on = "harness model"\n', "", "clause 'IOS-QR-1'", "missing 'checked_on'"),
        ('wording = "inferred"', 'wording = "made up"', "clause 'GAP-1'",
         "expected wording 'made up' is not accepted; accepted: seed, inferred"),
        ('ja = "ロック。", ', "", "clause 'GAP-1'", "expected must be written"),
        ('en = "Locked."', 'en = ""', "clause 'GAP-1'", "expected en and ja must be non-empty strings"),
        ('text = "Open the app."', 'text = " "', "clause 'IOS-QR-1'", "'text' must be a non-empty string"),
        ('id = "IOS-QR-1"', 'id = "ios-qr-1"', "clause 'ios-qr-1'", "id must be uppercase letters, digits and dashes"),
        ('id = "ios-qr"', 'id = "iOS QR"', "section 'iOS QR'", "id must be a lowercase slug"),
        ('lang = "en"', 'lang = "fr"', "section 'ios-qr'", "lang 'fr' is not accepted; accepted: en, ja"),
        ("lines = [1, 19]", "lines = [19, 1]", "section 'ios-qr'", "lines must be [first, last] with first <= last"),
        ("lines = [20, 30]", "lines = [15, 30]", "section 'ja-login'", "overlap section 'ios-qr'"),
        ('kind = "figure_only"', 'kind = "quibble"', "finding 'F-GAP'",
         "kind 'quibble' is not accepted; accepted: figure_only"),
        ("lines = [5]", "lines = [50]", "finding 'F-GAP'", "line 50 lies in no section"),
    ],
)
def test_each_broken_rule_names_the_file_the_entry_and_what_is_accepted(tmp_path, old, new, entry, expected):
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(CatalogueError) as raised:
        load_catalogue(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: {entry}: "), message
    assert expected in message


def test_a_file_that_is_not_toml_is_reported_with_its_path(tmp_path):
    path = write(tmp_path, "[[clause]\nid = ")
    with pytest.raises(CatalogueError, match="not valid TOML") as raised:
        load_catalogue(path)
    assert str(path) in str(raised.value)


def test_an_unknown_table_is_reported_with_the_accepted_ones(tmp_path):
    path = write(tmp_path, VALID + '\n[[clauses]]\nid = "X"\n')
    with pytest.raises(CatalogueError, match=r"unknown table 'clauses'; accepted: \[\[section\]\], \[\[clause\]\]"):
        load_catalogue(path)


def test_catalogue_error_is_a_value_error():
    assert issubclass(CatalogueError, ValueError)
