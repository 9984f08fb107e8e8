"""The portal's web security over plain HTTP: CSRF, cookie flags, session fixation, open redirect, escaping, secrets."""

from __future__ import annotations

import html
from collections.abc import Iterator

import httpx
import markupsafe
import pytest

from ibkey_conformance.live_portal import LivePortal
from ibkey_conformance.scenario_data import ScenarioData
from ibkey_reference.portal.sessions import COOKIE_NAME
from ibkey_reference.server import User

from .device_double import PhoneDouble
from .portal_http import browser, csrf_token, is_logged_in, set_cookies, sign_in

MARKUP = "<script>alert(1)</script>"


@pytest.fixture
def http(live_portal: LivePortal) -> Iterator[httpx.Client]:
    with browser(live_portal.url) as client:
        yield client


@pytest.fixture
def user(live_portal: LivePortal, scenario_data: ScenarioData) -> tuple[User, str]:
    password = scenario_data.password()
    return live_portal.server.accounts.create_user(scenario_data.username(), password), password


# CSRF


@pytest.mark.negative
@pytest.mark.parametrize("token", [None, "", "wrong-token", "another session's token"])
def test_login_without_the_session_csrf_token_is_forbidden(live_portal, http, user, token):
    account, password = user
    csrf_token(http)  # the session exists: only the token is missing or wrong
    if token == "another session's token":
        with httpx.Client(base_url=live_portal.url) as other_browser:
            token = csrf_token(other_browser)
    form = {"username": account.username, "password": password}
    if token is not None:
        form["csrf_token"] = token

    assert http.post("/sso/Login", data=form).status_code == 403
    assert not is_logged_in(http)


# The session cookie


def test_session_cookie_is_httponly_and_samesite_lax(http):
    cookie = set_cookies(http.get("/sso/Login"))[COOKIE_NAME]

    assert cookie["httponly"] is True
    assert cookie["samesite"].lower() == "lax"
    assert cookie["path"] == "/"


def test_login_gives_a_new_session_id(http, user):
    """Against session fixation: an id set before the login, by anyone, never becomes a logged-in session."""
    account, password = user
    before = set_cookies(http.get("/sso/Login"))[COOKIE_NAME].value

    after = set_cookies(sign_in(http, account.username, password))[COOKIE_NAME]

    assert after.value != before
    assert after["httponly"] is True
    assert after["samesite"].lower() == "lax"
    assert is_logged_in(http)


# Open redirect


@pytest.mark.negative
@pytest.mark.parametrize("forward_to", ["https://evil.example", "//evil.example", "/\\evil.example", "22@evil.example"])
def test_forward_to_a_url_never_leaves_the_portal(http, user, forward_to):
    account, password = user
    http.get("/sso/Login", params={"forwardTo": forward_to})

    location = sign_in(http, account.username, password).headers["location"]

    assert location == "/portal/home"


# Markup injection


@pytest.mark.negative
def test_markup_in_the_user_name_is_not_rendered(http):
    page = sign_in(http, MARKUP, "password")

    assert page.status_code == 401
    assert MARKUP not in page.text


@pytest.mark.negative
@pytest.mark.parametrize("param", ["lang", "forwardTo"])
def test_markup_in_query_parameters_is_not_rendered(http, param):
    page = http.get("/sso/Login", params={param: MARKUP})

    assert page.status_code == 200
    assert MARKUP not in page.text


@pytest.mark.negative
def test_markup_in_a_phone_name_is_escaped_on_the_security_page(live_portal, http, phone_http, user, scenario_data):
    account, password = user
    device_name = "<img src=x onerror=alert(1)>"
    code = live_portal.server.activations.start(account).code
    phone = PhoneDouble.enroll(phone_http, code, scenario_data.pin(), device_name=device_name)
    sign_in(http, account.username, password)
    phone.approve(phone.next_notification())
    assert http.get("/sso/Login").headers["location"] == "/portal/home"

    page = http.get("/portal/settings/security")

    assert html.escape(device_name) in page.text
    assert device_name not in page.text


# Secrets never come back


def assert_nowhere(secret: str, responses: list[httpx.Response]) -> None:
    for response in responses:
        for form in {secret, html.escape(secret), str(markupsafe.escape(secret))}:
            assert form not in response.text, f"{response.request.method} {response.request.url.path} shows it"


def pages_after_login(http: httpx.Client) -> list[httpx.Response]:
    return [
        http.get("/sso/Login"),
        http.get("/sso/Login/status"),
        http.get("/portal/home"),
        http.get("/portal/settings/security"),
        http.get("/sso/Dispatcher"),
    ]


def test_password_appears_in_no_page(http, user):
    account, password = user
    responses = [sign_in(http, account.username, password + "x"), sign_in(http, account.username, password)]
    assert is_logged_in(http)

    assert_nowhere(password, responses + pages_after_login(http))


def test_temporary_passcode_appears_in_no_page(live_portal, http, user):
    account, password = user
    passcode = live_portal.server.passcodes.issue_temporary_passcode(account).passcode
    responses = [
        sign_in(http, account.username, password),
        http.get("/sso/Login"),
        http.post("/sso/Login/response", data={"temp-response": passcode, "csrf_token": csrf_token(http)}),
    ]
    assert http.get("/sso/Login").headers["location"] == "/portal/home"  # the login completes on this step

    assert_nowhere(passcode, responses + pages_after_login(http))
