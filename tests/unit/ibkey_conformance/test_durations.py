from datetime import timedelta

import pytest

from ibkey_conformance.durations import parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24 hours and 1 second", timedelta(hours=24, seconds=1)),
        ("3 weeks", timedelta(weeks=3)),
        ("1 day, 23 hours, 59 minutes and 59 seconds", timedelta(days=2, seconds=-1)),
        ("24時間と1秒", timedelta(hours=24, seconds=1)),
        ("1日23時間59分59秒", timedelta(days=2, seconds=-1)),
        ("3週間", timedelta(weeks=3)),
    ],
)
def test_reads_english_and_japanese(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "soon", "3 fortnights", "2 days or so"])
def test_refuses_what_it_cannot_read(text):
    with pytest.raises(ValueError, match="cannot read the duration"):
        parse_duration(text)
