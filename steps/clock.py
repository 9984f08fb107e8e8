"""Time passes on the server's manual clock: no scenario ever sleeps to wait for a time rule."""

from __future__ import annotations

from pytest_bdd import given, parsers, when

from ibkey_conformance.durations import parse_duration


@given(parsers.parse("{duration} passed"))
@when(parsers.parse("{duration} pass"))
@when(parsers.parse("{duration}が経過する"))
def _(backoffice, duration: str) -> None:
    backoffice.advance_clock(parse_duration(duration))
