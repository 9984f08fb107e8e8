"""A target's message map rewords the inferred messages only, and each mistake in it is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from ibkey_conformance.adapters.target import TargetError
from ibkey_conformance.clauses import Catalogue, Clause, Section, load_catalogue
from ibkey_conformance.clauses.messages import expected_message, read_message_map

CATALOGUE = load_catalogue()


def _map(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "messages.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_without_a_map_the_catalogue_gives_the_message_in_each_language():
    assert expected_message(CATALOGUE, {}, "LP1-LOCKOUT", "en") == CATALOGUE.clause("LP1-LOCKOUT").expected["en"]
    assert expected_message(CATALOGUE, {}, "LP1-LOCKOUT", "ja").startswith("ログイン情報を10回連続して")


def test_a_map_rewords_an_inferred_message_in_one_language_and_keeps_the_other(tmp_path):
    overrides = read_message_map(_map(tmp_path, '[LP1-LOCKOUT]\nen = "Too many failed attempts."\n'), CATALOGUE)
    assert expected_message(CATALOGUE, overrides, "LP1-LOCKOUT", "en") == "Too many failed attempts."
    assert expected_message(CATALOGUE, overrides, "LP1-LOCKOUT", "ja") == CATALOGUE.clause("LP1-LOCKOUT").expected["ja"]


def test_the_seeds_own_wording_cannot_be_reworded(tmp_path):
    seed_worded = Clause("LP7-EXPIRED", "s", "message", "explicit", "The card expired.", (1,),
                         expected={"en": "Card expired.", "ja": "有効期限が切れました", "wording": "seed"})
    catalogue = Catalogue(sections=(Section("s", "S", "ja", (1, 2)),), clauses=(seed_worded,), findings=())
    with pytest.raises(TargetError, match=r"\[LP7-EXPIRED\] is the seed's own wording and cannot be changed"):
        read_message_map(_map(tmp_path, '[LP7-EXPIRED]\nen = "Other words."\n'), catalogue)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[LP1-LOCKUOT]\nen = "x"\n', r"is not a clause with a message \(did you mean 'LP1-LOCKOUT'\?\)"),
        ('[IOS-QR-1]\nen = "x"\n', r"\[IOS-QR-1\] is not a clause with a message; messages: LP1-LOCKOUT"),
        ('[LP1-LOCKOUT]\nfr = "Bloqué."\n', r'\[LP1-LOCKOUT\] takes en = "..." and/or ja = "..."'),
        ("[LP1-LOCKOUT]\n", r'\[LP1-LOCKOUT\] takes en = "..."'),
        ('[LP1-LOCKOUT]\nen = " "\n', r"\[LP1-LOCKOUT\] messages must be non-empty strings"),
        ("[LP1-LOCKOUT\n", "is not a valid message map \\(TOML\\)"),
    ],
)
def test_each_mistake_in_a_map_is_named(tmp_path, text, message):
    with pytest.raises(TargetError, match=message):
        read_message_map(_map(tmp_path, text), CATALOGUE)


def test_a_missing_map_is_named(tmp_path):
    with pytest.raises(TargetError, match="cannot read the message map"):
        read_message_map(tmp_path / "absent.toml", CATALOGUE)
