"""The clause catalogue: the seed's normative statements and documentation findings, read from catalogue.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

DEFAULT_CATALOGUE = Path(__file__).with_name("catalogue.toml")

LANGUAGES = ("en", "ja")
CLAUSE_KINDS = ("step", "rule", "message", "hint")
STATUSES = ("explicit", "inferred", "conflicting")
# Who can fail a clause: the implementation under test, only the harness's own phone model (stores, screens),
# or no one (advice and pointers: nothing a program does can break them).
CHECKED_ON = ("implementation", "harness model", "advice")
WORDINGS = ("seed", "inferred")
# The sides of a limit a suite checks: just below it, at it, just above it, or a length that must be exact.
LIMIT_SIDES = ("below", "at", "above", "exactly")
LIMIT_VALUE = re.compile(r"[0-9]+[smhdw]?")
FINDING_KINDS = ("figure_only", "naming", "repeated", "typo", "figure_numbering", "missing", "contradiction")
CLAUSE_ID = re.compile(r"[A-Z0-9][A-Z0-9-]*")
SECTION_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_SECTION_KEYS = {"id": True, "title": True, "lang": True, "lines": True}
_CLAUSE_KEYS = {
    "id": True, "section": True, "kind": True, "status": True, "sources": True, "text": True,
    "checked_on": True, "note": False, "untested": False, "expected": False, "limits": False,
}
_LIMIT_KEYS = {"value", "unit", "sides"}
_FINDING_KEYS = {"id": True, "kind": True, "lines": True, "text": True}


class CatalogueError(ValueError):
    """The catalogue file breaks a rule: the message names the file, the entry and what is accepted."""


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    lang: str
    lines: tuple[int, int]

    def holds(self, line: int) -> bool:
        return self.lines[0] <= line <= self.lines[1]


@dataclass(frozen=True)
class Limit:
    """A number or a lifetime the seed states, as scenarios tag their sides: `@limit.<side>.<value>`."""

    value: str  # a count ("10") or a duration with its unit ("24h", "15m", "2d", "3w")
    unit: str
    sides: tuple[str, ...]

    def tags(self) -> tuple[str, ...]:
        return tuple(f"limit.{side}.{self.value}" for side in self.sides)

    def side_tagged(self, tag: str) -> str | None:
        """The side a tag names, as checks record it ("below 10"), or None when the tag is not this limit's."""
        return f"{tag.split('.')[1]} {self.value}" if tag in self.tags() else None


@dataclass(frozen=True)
class Clause:
    id: str
    section: str
    kind: str
    status: str
    text: str
    sources: tuple[int, ...]
    checked_on: str = "implementation"
    note: str | None = None
    untested: str | None = None
    expected: dict[str, str] | None = None  # the message checks compare against: en, ja, and its wording
    limits: tuple[Limit, ...] = ()

    def expected_text(self, lang: str) -> str:
        if not self.expected:
            raise KeyError(f"clause {self.id} has no expected message in the catalogue")
        return self.expected[lang]


@dataclass(frozen=True)
class Finding:
    id: str
    kind: str
    lines: tuple[int, ...]
    text: str


@dataclass(frozen=True)
class Catalogue:
    sections: tuple[Section, ...]
    clauses: tuple[Clause, ...]
    findings: tuple[Finding, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        """Every clause id, in catalogue order."""
        return tuple(clause.id for clause in self.clauses)

    def clause(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(f"no clause {clause_id!r} in the catalogue")

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(f"no section {section_id!r} in the catalogue")


def load_catalogue(path: Path = DEFAULT_CATALOGUE) -> Catalogue:
    """Read and check the catalogue at `path`; raise CatalogueError on the first broken rule."""
    try:
        with path.open("rb") as file:
            document = tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"{path}: not valid TOML: {error}") from error
    check = _Checker(path)
    unknown = sorted(set(document) - {"section", "clause", "finding"})
    if unknown:
        raise CatalogueError(f"{path}: unknown table {unknown[0]!r}; accepted: [[section]], [[clause]], [[finding]]")
    sections = tuple(check.section(entry) for entry in document.get("section", []))
    check.no_overlap(sections)
    clauses = tuple(check.clause(entry, sections) for entry in document.get("clause", []))
    findings = tuple(check.finding(entry, sections) for entry in document.get("finding", []))
    return Catalogue(sections, clauses, findings)


class _Checker:
    """One entry at a time: its keys, values and references, with errors that say where and what is accepted."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen: dict[str, set[str]] = {"section": set(), "clause": set(), "finding": set()}

    def fail(self, table: str, entry_id: object, problem: str) -> CatalogueError:
        return CatalogueError(f"{self.path}: {table} {entry_id!r}: {problem}")

    def _keys(self, table: str, entry: dict, keys: dict[str, bool], pattern: re.Pattern[str], shape: str) -> str:
        entry_id = entry.get("id", "(no id)")
        unknown = sorted(set(entry) - set(keys))
        if unknown:
            raise self.fail(table, entry_id, f"unknown key {unknown[0]!r}; accepted: {', '.join(keys)}")
        missing = [key for key, required in keys.items() if required and key not in entry]
        if missing:
            raise self.fail(table, entry_id, f"missing {missing[0]!r}; required: {_required(keys)}")
        for key in keys:
            if key in entry and key not in ("lines", "sources", "expected", "limits") and not _text(entry[key]):
                raise self.fail(table, entry_id, f"{key!r} must be a non-empty string")
        if not pattern.fullmatch(entry_id):
            raise self.fail(table, entry_id, f"id must be {shape}")
        if entry_id in self.seen[table]:
            raise self.fail(table, entry_id, f"id used twice; every {table} id must be unique")
        self.seen[table].add(entry_id)
        return entry_id

    def _choice(self, table: str, entry_id: str, key: str, value: str, accepted: tuple[str, ...]) -> None:
        if value not in accepted:
            raise self.fail(table, entry_id, f"{key} {value!r} is not accepted; accepted: {', '.join(accepted)}")

    def _line_list(self, table: str, entry_id: str, key: str, value: object, allow_empty: bool) -> tuple[int, ...]:
        if not isinstance(value, list) or not all(_line_number(line) for line in value):
            raise self.fail(table, entry_id, f"{key} must be a list of seed line numbers (integers from 1)")
        if not value and not allow_empty:
            raise self.fail(table, entry_id, f"{key} must cite at least one seed line")
        return tuple(value)

    def section(self, entry: dict) -> Section:
        section_id = self._keys("section", entry, _SECTION_KEYS, SECTION_ID, "a lowercase slug such as 'ios-qr'")
        self._choice("section", section_id, "lang", entry["lang"], LANGUAGES)
        lines = self._line_list("section", section_id, "lines", entry["lines"], allow_empty=False)
        if len(lines) != 2 or lines[0] > lines[1]:
            raise self.fail("section", section_id, f"lines must be [first, last] with first <= last, not {list(lines)}")
        return Section(section_id, entry["title"], entry["lang"], (lines[0], lines[1]))

    def no_overlap(self, sections: tuple[Section, ...]) -> None:
        ordered = sorted(sections, key=lambda section: section.lines)
        for before, after in pairwise(ordered):
            if after.lines[0] <= before.lines[1]:
                raise self.fail("section", after.id, f"lines {list(after.lines)} overlap section {before.id!r} "
                                f"{list(before.lines)}; a seed line belongs to one section")

    def clause(self, entry: dict, sections: tuple[Section, ...]) -> Clause:
        clause_id = self._keys("clause", entry, _CLAUSE_KEYS, CLAUSE_ID, "uppercase letters, digits and dashes")
        section = next((section for section in sections if section.id == entry["section"]), None)
        if section is None:
            known = ", ".join(section.id for section in sections)
            raise self.fail("clause", clause_id, f"section {entry['section']!r} does not exist; sections: {known}")
        self._choice("clause", clause_id, "kind", entry["kind"], CLAUSE_KINDS)
        self._choice("clause", clause_id, "status", entry["status"], STATUSES)
        # An inferred clause may fill a gap no line states (e.g. steps that exist only as figures).
        sources = self._line_list("clause", clause_id, "sources", entry["sources"],
                                  allow_empty=entry["status"] == "inferred")
        if sources and not section.holds(sources[0]):
            raise self.fail("clause", clause_id, f"first source line {sources[0]} is outside its section "
                            f"{section.id!r} (lines {section.lines[0]}-{section.lines[1]})")
        self._inside_sections("clause", clause_id, sources, sections)
        if entry["status"] != "explicit" and "note" not in entry:
            raise self.fail("clause", clause_id, f"status {entry['status']!r} needs a note: what the reference "
                            "chose and why")
        self._choice("clause", clause_id, "checked_on", entry["checked_on"], CHECKED_ON)
        expected = entry.get("expected")
        if expected is not None:
            self._expected(clause_id, expected)
        limits = self._limits(clause_id, entry.get("limits", []))
        return Clause(clause_id, section.id, entry["kind"], entry["status"], entry["text"], sources,
                      entry["checked_on"], entry.get("note"), entry.get("untested"), expected, limits)

    def _limits(self, clause_id: str, entries: object) -> tuple[Limit, ...]:
        shape = 'limits = [{ value = "10" or "24h", unit = "...", sides = ["below", "at"] }]'
        if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
            raise self.fail("clause", clause_id, f"limits must be written {shape}")
        limits = []
        for entry in entries:
            if set(entry) != _LIMIT_KEYS:
                raise self.fail("clause", clause_id, f"each limit takes value, unit and sides: {shape}")
            value, unit, sides = entry["value"], entry["unit"], entry["sides"]
            if not isinstance(value, str) or not LIMIT_VALUE.fullmatch(value):
                raise self.fail("clause", clause_id, f"limit value {value!r} must be a count or a number with "
                                "s, m, h, d or w, written as a string (\"10\", \"24h\")")
            if not _text(unit):
                raise self.fail("clause", clause_id, "limit unit must be a non-empty string")
            if not isinstance(sides, list) or not sides or len(set(sides)) != len(sides):
                raise self.fail("clause", clause_id, f"limit sides must be a list of distinct sides: {shape}")
            for side in sides:
                self._choice("clause", clause_id, "limit side", side, LIMIT_SIDES)
            limits.append(Limit(value, unit, tuple(sides)))
        return tuple(limits)

    def _expected(self, clause_id: str, expected: object) -> None:
        shape = 'expected = { en = "...", ja = "...", wording = "seed" or "inferred" }'
        if not isinstance(expected, dict) or set(expected) != {"en", "ja", "wording"}:
            raise self.fail("clause", clause_id, f"expected must be written {shape}")
        if not all(_text(expected[lang]) for lang in LANGUAGES):
            raise self.fail("clause", clause_id, "expected en and ja must be non-empty strings")
        self._choice("clause", clause_id, "expected wording", expected["wording"], WORDINGS)

    def finding(self, entry: dict, sections: tuple[Section, ...]) -> Finding:
        finding_id = self._keys("finding", entry, _FINDING_KEYS, CLAUSE_ID, "uppercase letters, digits and dashes")
        self._choice("finding", finding_id, "kind", entry["kind"], FINDING_KINDS)
        lines = self._line_list("finding", finding_id, "lines", entry["lines"], allow_empty=False)
        self._inside_sections("finding", finding_id, lines, sections)
        return Finding(finding_id, entry["kind"], lines, entry["text"])

    def _inside_sections(self, table: str, entry_id: str, lines: tuple[int, ...], sections: tuple[Section, ...]):
        for line in lines:
            if not any(section.holds(line) for section in sections):
                raise self.fail(table, entry_id, f"line {line} lies in no section; sections cover "
                                f"{_spans(sections)}")


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _line_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _required(keys: dict[str, bool]) -> str:
    return ", ".join(key for key, required in keys.items() if required)


def _spans(sections: tuple[Section, ...]) -> str:
    return ", ".join(f"{section.lines[0]}-{section.lines[1]}" for section in sorted(sections, key=lambda s: s.lines))
