"""Which capabilities a scenario needs, read from its tags and the clauses it checks."""

from __future__ import annotations

from collections.abc import Iterable

TAG_NEEDS = {"ios": "ios", "android": "android"}
# Clause id prefixes → the authenticator capability their scenarios exercise.
CLAUSE_NEEDS = (
    ("PUSH-", "push"),
    ("TOUCHID-PUSH", "push"),
    ("FACEID-PUSH", "push"),
    ("CR-", "challenge_response"),
    ("KB3234-", "challenge_response"),
)


def needed_capabilities(tags: Iterable[str], clauses: Iterable[str]) -> set[str]:
    needs = {TAG_NEEDS[tag] for tag in tags if tag in TAG_NEEDS}
    needs |= {capability for clause in clauses for prefix, capability in CLAUSE_NEEDS if clause.startswith(prefix)}
    return needs


def missing_capabilities(declared: Iterable[str], tags: Iterable[str], clauses: Iterable[str]) -> set[str]:
    """What a scenario with these tags and clauses needs that the target does not declare."""
    return needed_capabilities(tags, clauses) - set(declared)
