"""Crash safety (issue #10): the served portal is SIGKILLed at random moments while phones activate IB Key and log
in with challenge/response. After every restart on the same database, what the server acknowledged is still
there, nothing is half-enrolled and no OCRA counter has gone back; at the end every phone still logs in."""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from ibkey_reference.server import ServerSettings
from tests.unit.reliability.enrollment_invariants import counters, half_done, lost
from tests.unit.reliability.killable_portal import KillablePortal
from tests.unit.reliability.phone_fleet import Customer, FleetDriver, InFlight, Ledger

SEED = 20_260_110
DRIVERS = 6
KILL_JITTER_SECONDS = 0.01  # how far past its kill point a signal lands, so it meets requests at every stage


@dataclass(frozen=True)
class CrashPlan:
    customers: int
    logins_each: int
    kills: int  # during the workload; one more follows it, at rest

    @property
    def acknowledgements(self) -> int:
        return self.customers * (1 + self.logins_each)


@dataclass(frozen=True)
class Crash:
    after_acknowledgements: int
    requests_in_flight: int
    lost: list[str]


class CrashRig:
    """The served portal, the phones' ledger of what it acknowledged, and the kills in between."""

    def __init__(self, portal: KillablePortal) -> None:
        self.portal = portal
        self.ledger = Ledger()
        self.server_up = threading.Event()
        self.server_up.set()
        self.in_flight = InFlight()
        self.crashes: list[Crash] = []

    def driver(self) -> FleetDriver:
        return FleetDriver(self.portal.url, self.ledger, self.server_up, self.in_flight)

    def crash_and_restart(self) -> None:
        """SIGKILL, restart on the same file, then check that nothing acknowledged before the kill was lost."""
        self.server_up.clear()
        acknowledgements, requests_in_flight = self.ledger.acknowledged, self.in_flight.count
        self.portal.kill()
        acknowledged = self.ledger.snapshot()
        self.portal.start()
        self.crashes.append(Crash(acknowledgements, requests_in_flight, lost(self.portal.database, acknowledged)))
        self.server_up.set()

    def run(self, plan: CrashPlan, rng: random.Random) -> list[Customer]:
        """Every customer enrolls and logs in while kills land at seeded points of the workload's progress."""
        kill_points = sorted(rng.sample(range(plan.acknowledgements // 20, plan.acknowledgements * 3 // 4), plan.kills))
        delays = [rng.uniform(0, KILL_JITTER_SECONDS) for _ in kill_points]
        with ThreadPoolExecutor(DRIVERS + 1) as pool:
            killer = pool.submit(self._kill_at, kill_points, delays)
            try:
                shares = [pool.submit(self._serve_share, plan, first) for first in range(DRIVERS)]
                customers = [customer for share in shares for customer in share.result()]
            finally:
                self.ledger.finish()
                killer.result()  # a portal that did not come back is the cause of the drivers' own failures
        return customers

    def _kill_at(self, kill_points: list[int], delays: list[float]) -> None:
        for kill_point, delay in zip(kill_points, delays, strict=True):
            if not self.ledger.wait_until(kill_point):
                return
            time.sleep(delay)
            self.crash_and_restart()

    def _serve_share(self, plan: CrashPlan, first: int) -> list[Customer]:
        driver = self.driver()
        try:
            customers = []
            for index in range(first, plan.customers, DRIVERS):
                customer = driver.enroll(f"crash{index:03d}", ("ios", "android")[index % 2])
                if customer is None:
                    continue
                for _ in range(plan.logins_each):
                    driver.log_in(customer)
                customers.append(customer)
            return customers
        finally:
            driver.close()


@pytest.mark.parametrize("plan", [
    pytest.param(CrashPlan(customers=30, logins_each=3, kills=3), id="short"),
    pytest.param(CrashPlan(customers=100, logins_each=3, kills=6), id="full", marks=pytest.mark.soak),
])
def test_a_killed_portal_keeps_what_it_acknowledged_and_nothing_half_done(plan, tmp_path):
    began = time.monotonic()
    portal = KillablePortal(tmp_path / "ibkey.sqlite3", tmp_path)
    rig = CrashRig(portal)
    portal.start()
    try:
        customers = rig.run(plan, random.Random(SEED))
        rig.crash_and_restart()  # at rest: everything acknowledged has now been through a kill
        ledger, database = rig.ledger, portal.database
        workload_logins = ledger.logins

        assert len(rig.crashes) == plan.kills + 1, f"only {len(rig.crashes)} kills landed (seed {SEED})"
        assert [problem for crash in rig.crashes for problem in crash.lost] == []
        assert sum(crash.requests_in_flight for crash in rig.crashes) > 0, "no kill cut a request off"
        assert half_done(database) == []
        assert len(ledger.activations) + len(ledger.unanswered_enrollments) == plan.customers
        assert workload_logins == len(customers) * plan.logins_each

        driver = rig.driver()
        try:
            enrolled = [*ledger.activations, *ledger.unanswered_enrollments]
            assert [username for username in enrolled if not driver.has_ibkey(username)] == []
            # A phone counts a response before sending it, so one cut off leaves it ahead: never behind, and
            # never by more than the server's look-ahead window.
            before = counters(database)
            window = ServerSettings().ocra_window
            assert [c.username for c in customers if not 0 <= c.counter - before[c.serial] <= window] == []
            cut_off = ledger.logins_cut_off
            for customer in customers:
                driver.log_in(customer)
            assert ledger.logins_cut_off == cut_off
            after = counters(database)
            assert [c.username for c in customers if after[c.serial] != c.counter] == []
        finally:
            driver.close()
    finally:
        portal.stop()
    print(
        f"\ncrash safety (seed {SEED}): {len(ledger.activations)} activations acknowledged, "
        f"{len(ledger.unanswered_enrollments)} committed unanswered; {workload_logins} logins acknowledged "
        f"({ledger.logins_cut_off} attempts cut off) and {len(customers)} more after the last restart; "
        f"{len(rig.crashes)} kills after {[crash.after_acknowledgements for crash in rig.crashes]} acknowledgements "
        f"with {[crash.requests_in_flight for crash in rig.crashes]} requests in flight; starts took "
        f"{min(portal.start_seconds):.1f}-{max(portal.start_seconds):.1f} s; {time.monotonic() - began:.1f} s in all"
    )
