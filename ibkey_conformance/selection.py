"""What a run selects: tag expressions in Cucumber's form or pytest's, and the scenarios the last run failed."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ibkey_conformance.suggest import did_you_mean

TAGS = ("ios", "android", "browser", "camera", "negative", "ja")
OPERATORS = ("and", "or", "not", "(", ")")
TAGS_ACCEPTED = (
    "tags are @ios, @android, @browser, @camera, @negative and @ja (English scenarios: --lang en), joined with "
    "and, or, not and parentheses, e.g. '@android and not @browser'; clauses are chosen with --clauses"
)
FAILED = ("failed", "harness_error")
_TOKEN = re.compile(r"\(|\)|[^\s()]+")


class SelectionError(ValueError):
    """A selection that cannot be understood: the message names what was wrong and what is accepted."""


def marker_expression(tags: str) -> str:
    """`@android and not @browser` (Cucumber) or `android and not browser` (pytest) as pytest's `-m` expression."""
    words = []
    for token in _TOKEN.findall(tags):
        word = token.lower() if token.lower() in OPERATORS else token.removeprefix("@")
        if word.startswith("clause."):
            raise SelectionError(f"--tags {tags!r}: choose clauses with --clauses {word.removeprefix('clause.')}")
        if word not in TAGS and word not in OPERATORS:
            raise SelectionError(f"--tags {tags!r}: {token!r} is no tag{did_you_mean(word, TAGS)}; {TAGS_ACCEPTED}")
        words.append(word)
    try:
        rest = _expression(words)
        if rest:
            raise _Unreadable(rest)
    except _Unreadable as stuck:
        where = f"at {' '.join(stuck.rest)!r}" if stuck.rest else "it ends too soon"
        raise SelectionError(f"--tags {tags!r} cannot be read ({where}); {TAGS_ACCEPTED}") from None
    return " ".join(words)


class _Unreadable(Exception):
    def __init__(self, rest: list[str]) -> None:
        self.rest = rest


def _expression(words: list[str]) -> list[str]:
    """Reads `term (or term)*` off the front of `words` and returns the words after it."""
    rest = _term(words)
    while rest and rest[0] == "or":
        rest = _term(rest[1:])
    return rest


def _term(words: list[str]) -> list[str]:
    rest = _factor(words)
    while rest and rest[0] == "and":
        rest = _factor(rest[1:])
    return rest


def _factor(words: list[str]) -> list[str]:
    if words and words[0] == "not":
        return _factor(words[1:])
    if words and words[0] == "(":
        rest = _expression(words[1:])
        if not rest or rest[0] != ")":
            raise _Unreadable(rest)
        return rest[1:]
    if not words or words[0] not in TAGS:
        raise _Unreadable(words)
    return words[1:]


def failed_last_time(report_dir: Path, implementation: str) -> list[str]:
    """The test ids of the scenarios the last run in `report_dir` failed, if that run judged `implementation`."""
    results = report_dir / "latest" / "results.json"
    if not results.is_file():
        raise SelectionError(f"--lf: {report_dir} holds no last run (latest/results.json): run without --lf first")
    last = json.loads(results.read_text(encoding="utf-8"))
    judged = last["run"]["implementation"]["name"]
    if judged != implementation:
        raise SelectionError(
            f"--lf: the last run in {report_dir} judged {judged}, not {implementation}: give the same target options"
        )
    failed = [scenario["id"] for scenario in last["scenarios"] if scenario["outcome"] in FAILED]
    if not failed:
        raise SelectionError(f"--lf: no scenario failed in the last run ({last['run']['id']}): nothing to run again")
    return failed
