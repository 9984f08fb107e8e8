from datetime import UTC, datetime, timedelta

import pytest

from ibkey_reference.clock import ManualClock, SystemClock, unix_seconds


def test_manual_clock_moves_only_when_told():
    clock = ManualClock(datetime(2026, 3, 1, tzinfo=UTC))
    assert clock.now() == clock.now() == datetime(2026, 3, 1, tzinfo=UTC)
    clock.advance(hours=24, seconds=-1)
    assert clock.now() == datetime(2026, 3, 1, 23, 59, 59, tzinfo=UTC)
    clock.advance(timedelta(seconds=1))
    assert unix_seconds(clock.now()) == unix_seconds(datetime(2026, 3, 2, tzinfo=UTC))


def test_manual_clock_refuses_to_go_back_or_be_naive():
    clock = ManualClock()
    with pytest.raises(ValueError, match="only moves forward"):
        clock.advance(seconds=-5)
    with pytest.raises(ValueError, match="timezone-aware"):
        ManualClock(datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.set(datetime(2026, 1, 1))


def test_system_clock_is_aware_utc():
    assert SystemClock().now().tzinfo is UTC
