"""Every limit and lifetime of the reference server in one place, with where each comes from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from ibkey_reference.crypto import PRODUCTION_COST, KdfCost


@dataclass(frozen=True)
class ServerSettings:
    lockout_threshold: int = 10  # seed, login problem 1
    lockout_period: timedelta = timedelta(hours=24)  # seed, login problem 1: from the last wrong entry
    lockout_window: timedelta = timedelta(hours=24)  # seed, login problem 1: "within 24 hours" of a run's first
    activation_lifetime: timedelta = timedelta(minutes=15)  # reference choice
    push_timeout: timedelta = timedelta(minutes=3)  # public fact: the push alert times out after ~3 minutes
    login_lifetime: timedelta = timedelta(minutes=10)  # reference choice
    temporary_passcode_lifetime: timedelta = timedelta(days=2)  # seed, login problems 5-6
    security_card_lifetime: timedelta = timedelta(weeks=3)  # seed, login problems 5 and 7
    physical_device_activation_delay: timedelta = timedelta(days=14)  # reference choice, login problem 8
    challenge_digits: int = 6  # seed, KB3234 d and the challenge/response sections
    ocra_window: int = 10  # reference choice: counter look-ahead
    password_cost: KdfCost = field(default=PRODUCTION_COST)
    trading_ports: tuple[int, ...] = (4000, 4001)  # seed, login problem c
