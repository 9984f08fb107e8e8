"""Portal logins end after 30 idle minutes, and 12 hours after they began however busy: to the second, on the
manual clock, in the store and over HTTP. A session that is not logged in does not time out."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest

from ibkey_conformance.backoffice import InProcessBackoffice
from ibkey_conformance.live_portal import LivePortal
from ibkey_conformance.scenario_data import ScenarioData
from ibkey_reference.clock import ManualClock
from ibkey_reference.portal.sessions import COOKIE_NAME, BrowserSession, SessionStore
from ibkey_reference.portal.settings import PortalSettings

from .portal_http import csrf_token, is_logged_in, set_cookies
from .portal_visits import Visit, logged_in

DEFAULTS = PortalSettings(db_path="unused.sqlite3")
IDLE = DEFAULTS.session_idle_timeout
LIFETIME = DEFAULTS.session_lifetime
SECOND = timedelta(seconds=1)
BUSY = timedelta(minutes=25)  # a person who clicks at least this often is never idle for long enough
CSRF_REFUSAL = {"detail": "CSRF token missing or wrong: reload the page and try again."}


def advance_to(clock: ManualClock, instant: datetime) -> None:
    clock.advance(instant - clock.now())


def test_the_choice_is_30_idle_minutes_and_12_hours_in_all():
    assert DEFAULTS.session_idle_timeout == timedelta(minutes=30)
    assert DEFAULTS.session_lifetime == timedelta(hours=12)


# The store


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def sessions(clock: ManualClock) -> SessionStore:
    return SessionStore(clock, IDLE, LIFETIME)


def logged_in_session(sessions: SessionStore) -> BrowserSession:
    """As the login page leaves it: a new session, then the user's name in it."""
    session = sessions.create()
    session.username = "alice"
    return session


def test_a_login_idle_one_second_short_of_the_timeout_goes_on(sessions, clock):
    session = logged_in_session(sessions)
    clock.advance(IDLE - SECOND)
    assert sessions.get(session.id) is session


@pytest.mark.negative
def test_a_login_idle_for_exactly_the_timeout_is_over_for_good(sessions, clock):
    session = logged_in_session(sessions)
    clock.advance(IDLE)
    assert sessions.get(session.id) is None
    assert sessions.get(session.id) is None  # not brought back by asking again


def test_every_use_restarts_the_idle_time(sessions, clock):
    session = logged_in_session(sessions)
    for _ in range(5):
        clock.advance(IDLE - SECOND)
        assert sessions.get(session.id) is session


@pytest.mark.negative
def test_a_busy_login_ends_exactly_at_its_lifetime(sessions, clock):
    session = logged_in_session(sessions)
    end = clock.now() + LIFETIME
    while clock.now() + BUSY < end:
        clock.advance(BUSY)
        assert sessions.get(session.id) is session
    advance_to(clock, end - SECOND)
    assert sessions.get(session.id) is session
    clock.advance(SECOND)
    assert sessions.get(session.id) is None


def test_a_session_not_logged_in_does_not_time_out(sessions, clock):
    session = sessions.create()
    clock.advance(LIFETIME * 60)
    assert sessions.get(session.id) is session


def test_ended_logins_leave_the_store_as_new_sessions_begin(sessions, clock):
    idle = [logged_in_session(sessions) for _ in range(3)]
    anonymous = sessions.create()
    clock.advance(IDLE - SECOND)
    busy = logged_in_session(sessions)
    clock.advance(SECOND)
    sessions.create()
    assert len(sessions) == 3
    assert sessions.get(busy.id) is busy and sessions.get(anonymous.id) is anonymous
    assert all(sessions.get(session.id) is None for session in idle)


# Over HTTP, on a portal of its own so its clock can move


@pytest.fixture
def portal(tmp_path) -> Iterator[LivePortal]:
    with LivePortal(tmp_path / "portal.sqlite3") as live:
        yield live


@pytest.fixture
def visit(portal: LivePortal, scenario_data: ScenarioData) -> Iterator[Visit]:
    with Visit(portal.url, InProcessBackoffice(portal.server, portal.clock), scenario_data) as person:
        yield person


def keep_busy_until(visit: Visit, clock: ManualClock, instant: datetime, using: Callable[[Visit], object]) -> None:
    """Use the session every BUSY until `instant`, so only the lifetime can end it."""
    while clock.now() + BUSY < instant:
        clock.advance(BUSY)
        using(visit)
    advance_to(clock, instant)


def test_an_idle_login_ends_at_30_minutes_to_the_second(portal, visit):
    logged_in(visit)
    for _ in range(2):
        portal.clock.advance(IDLE - SECOND)
        assert is_logged_in(visit.http)
    ended = visit.http.cookies[COOKIE_NAME]

    portal.clock.advance(IDLE)
    home = visit.page("/portal/home")

    assert (home.status_code, home.headers["location"]) == (303, "/sso/Login")
    replacement = set_cookies(home)[COOKIE_NAME]
    assert replacement.value != ended and replacement["httponly"] is True
    assert portal.app.state.sessions.get(ended) is None


@pytest.mark.negative
def test_a_busy_login_ends_12_hours_after_it_began(portal, visit):
    logged_in(visit)
    end = portal.clock.now() + LIFETIME

    keep_busy_until(visit, portal.clock, end - SECOND, lambda person: person.page("/portal/home"))
    assert is_logged_in(visit.http)
    portal.clock.advance(SECOND)
    assert not is_logged_in(visit.http)


def test_the_12_hours_count_from_the_login_not_from_the_first_visit(portal, visit):
    visit.page()
    portal.clock.advance(LIFETIME)
    logged_in(visit)
    end = portal.clock.now() + LIFETIME

    keep_busy_until(visit, portal.clock, end - SECOND, lambda person: person.page("/portal/home"))
    assert is_logged_in(visit.http)


@pytest.mark.negative
def test_a_page_left_open_past_the_timeout_cannot_log_out_a_new_login(portal, visit):
    logged_in(visit)
    token = csrf_token(visit.http, "/portal/home")
    portal.clock.advance(IDLE)

    refused = visit.http.post("/sso/Logout", data={"csrf_token": token})

    assert (refused.status_code, refused.json()) == (403, CSRF_REFUSAL)
    assert visit.sign_in().headers["location"] == "/portal/home"  # the reloaded page works


def test_a_login_page_left_open_for_weeks_still_logs_in(portal, visit):
    token = csrf_token(visit.http)
    portal.clock.advance(weeks=3)

    form = {"username": visit.username, "password": visit.password, "csrf_token": token}
    assert visit.http.post("/sso/Login", data=form).headers["location"] == "/portal/home"
