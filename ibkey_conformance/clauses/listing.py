"""The catalogue as a plain-text table for a terminal: clauses by section, coverage, and the seed's findings."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

from ibkey_conformance.clauses.catalogue import Catalogue, Clause

WIDTH = 120
_GAP = "  "
# Who can fail a clause: an implementation under test, or only the harness's own phone model.
CHECKED_ON_SHORT = {"implementation": "impl", "harness model": "model", "advice": "adv"}


def format_catalogue(
    catalogue: Catalogue,
    coverage: Mapping[str, Sequence[object]],
    *,
    status: str | None = None,
    uncovered_only: bool = False,
    findings: bool = False,
) -> str:
    """Clauses grouped by section (ID, kind, status, scenarios, paraphrase), a coverage footer, optional findings."""
    shown = [
        clause for clause in catalogue.clauses
        if (status is None or clause.status == status) and not (uncovered_only and coverage.get(clause.id))
    ]
    id_width = max((len(clause.id) for clause in catalogue.clauses), default=2)
    text_column = 2 + id_width + len(_GAP) + 7 + len(_GAP) + 11 + len(_GAP) + 5 + len(_GAP) + 3 + len(_GAP)
    lines: list[str] = []
    for section in catalogue.sections:
        rows = [clause for clause in shown if clause.section == section.id]
        if not rows:
            continue
        first, last = section.lines
        lines += ["", f"{section.id} · {section.title} ({section.lang}, seed lines {first}-{last})"]
        lines.append(_row("ID", "KIND", "STATUS", "ON", "SCN", "PARAPHRASE", id_width))
        for clause in rows:
            count = len(coverage.get(clause.id, ()))
            lines.append(_row(clause.id, clause.kind, clause.status, CHECKED_ON_SHORT[clause.checked_on], str(count),
                              _truncate(clause.text, WIDTH - text_column), id_width))
            if not count and clause.untested:
                lines += _wrapped("untested: " + clause.untested, text_column)
    if not shown:
        lines += ["", "No clause matches."]
    if findings:
        lines += ["", f"Documentation findings of the seed ({len(catalogue.findings)})"]
        finding_width = max(len(finding.id) for finding in catalogue.findings) if catalogue.findings else 0
        for finding in catalogue.findings:
            cited = ", ".join(str(line) for line in finding.lines)
            lines.append(f"  {finding.id:<{finding_width}}{_GAP}{finding.kind:<16}{_GAP}lines {cited}")
            lines += _wrapped(finding.text, 4)
    lines += ["", _footer(catalogue, coverage, shown)]
    return "\n".join(lines).lstrip("\n") + "\n"


def _row(clause_id: str, kind: str, status: str, on: str, count: str, text: str, id_width: int) -> str:
    cells = (f"{clause_id:<{id_width}}", f"{kind:<7}", f"{status:<11}", f"{on:<5}", f"{count:>3}", text)
    return ("  " + _GAP.join(cells)).rstrip()


def _footer(catalogue: Catalogue, coverage: Mapping[str, Sequence[object]], shown: list[Clause]) -> str:
    total = len(catalogue.clauses)
    uncovered = [clause for clause in catalogue.clauses if not coverage.get(clause.id)]
    covered = total - len(uncovered)
    share = f"{100 * covered / total:.1f} %" if total else "n/a"
    all_uncovered_shown = {clause.id for clause in uncovered} <= {clause.id for clause in shown}
    without = f"{len(uncovered)} without" + (" (reasons listed above)" if uncovered and all_uncovered_shown else "")
    inferred = sum(clause.status == "inferred" for clause in catalogue.clauses)
    conflicting = sum(clause.status == "conflicting" for clause in catalogue.clauses)
    model = sum(clause.checked_on == "harness model" for clause in catalogue.clauses)
    advice = sum(clause.checked_on == "advice" for clause in catalogue.clauses)
    footer = (f"{total} clauses · {covered} with at least one scenario ({share}) · {without} · "
              f"{inferred} inferred · {conflicting} conflicting\n"
              f"ON: {total - model - advice} impl (an implementation can fail them) · {model} model (walked only on "
              f"the harness's phone model) · {advice} adv (advice)")
    if len(shown) != total:
        footer = f"Showing {len(shown)} of {total} clauses.\n{footer}"
    return footer


def _width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _prefix(text: str, width: int) -> str:
    """The longest start of `text` that fits in `width` columns."""
    used = 0
    for index, char in enumerate(text):
        used += _width(char)
        if used > width:
            return text[:index]
    return text


def _truncate(text: str, width: int) -> str:
    return text if _width(text) <= width else _prefix(text, width - 1).rstrip() + "…"


def _wrapped(text: str, indent: int) -> list[str]:
    """`text` broken into lines of at most WIDTH columns, each indented by `indent` spaces."""
    room = WIDTH - indent
    lines: list[str] = []
    current = ""
    for word in text.split():
        while _width(word) > room:  # a long run without spaces, as Japanese text is, breaks anywhere
            head = _prefix(word, room)
            if current:
                lines.append(current)
                current = ""
            lines.append(head)
            word = word[len(head):]
        candidate = f"{current} {word}" if current else word
        if _width(candidate) > room:
            lines.append(current)
            candidate = word
        current = candidate
    if current:
        lines.append(current)
    return [" " * indent + line for line in lines]
