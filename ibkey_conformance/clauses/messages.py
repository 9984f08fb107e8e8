"""The messages checks compare against: the catalogue's, with a target's own wording for inferred ones.

A message map (TOML) rewords the messages the seed does not give, by clause id:

    [LP1-LOCKOUT]
    en = "Too many failed attempts."
    ja = "ロックされています。"

A message that is the seed's own words can never be reworded.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ibkey_conformance.clauses.catalogue import LANGUAGES, Catalogue, load_catalogue
from ibkey_conformance.suggest import did_you_mean


def read_message_map(path: Path, catalogue: Catalogue | None = None) -> dict[str, dict[str, str]]:
    from ibkey_conformance.adapters.target import TargetError

    catalogue = catalogue or load_catalogue()
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise TargetError(f"cannot read the message map {path}: {error.strerror}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise TargetError(f"{path} is not a valid message map (TOML): {error}") from None
    rewordable = {clause.id: clause for clause in catalogue.clauses if clause.expected}
    for clause_id, wording in entries.items():
        if clause_id not in rewordable:
            raise TargetError(
                f"{path}: [{clause_id}] is not a clause with a message{did_you_mean(clause_id, rewordable)}; "
                f"messages: {', '.join(rewordable)}"
            )
        if rewordable[clause_id].expected["wording"] == "seed":
            raise TargetError(f"{path}: [{clause_id}] is the seed's own wording and cannot be changed")
        if not isinstance(wording, dict) or not wording or set(wording) - set(LANGUAGES):
            raise TargetError(f'{path}: [{clause_id}] takes en = "..." and/or ja = "..."')
        if not all(isinstance(text, str) and text.strip() for text in wording.values()):
            raise TargetError(f"{path}: [{clause_id}] messages must be non-empty strings")
    return {clause_id: dict(wording) for clause_id, wording in entries.items()}


def expected_message(
    catalogue: Catalogue, overrides: dict[str, dict[str, str]], clause_id: str, lang: str
) -> str:
    """The message a check on `clause_id` expects in `lang`: the target's wording if it gave one, else ours."""
    return overrides.get(clause_id, {}).get(lang) or catalogue.clause(clause_id).expected_text(lang)
