"""Durations as the feature files write them, in English ("24 hours and 1 second") or Japanese ("24時間と1秒")."""

from __future__ import annotations

import re
from datetime import timedelta

UNITS = {
    "week": "weeks",
    "weeks": "weeks",
    "週間": "weeks",
    "週": "weeks",
    "day": "days",
    "days": "days",
    "日": "days",
    "hour": "hours",
    "hours": "hours",
    "時間": "hours",
    "minute": "minutes",
    "minutes": "minutes",
    "分": "minutes",
    "second": "seconds",
    "seconds": "seconds",
    "秒": "seconds",
}
_PART = re.compile(r"(\d+)\s*(" + "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True)) + r")")
_JOINERS = re.compile(r"^(?:\s|,|and|と)*$")


def parse_duration(text: str) -> timedelta:
    """Sum every "<number> <unit>"; anything else in the text is an error naming the accepted units."""
    parts = list(_PART.finditer(text))
    leftover = _PART.sub("", text)
    if not parts or not _JOINERS.match(leftover):
        raise ValueError(
            f"cannot read the duration {text!r}: write numbers with weeks, days, hours, minutes or seconds "
            "(週間, 日, 時間, 分, 秒), e.g. '24 hours and 1 second' or '24時間と1秒'"
        )
    total = timedelta()
    for number, unit in (match.groups() for match in parts):
        total += timedelta(**{UNITS[unit]: int(number)})
    return total
