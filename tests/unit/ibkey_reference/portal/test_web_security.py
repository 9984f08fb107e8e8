"""Web security of every route and form the portal has, found from the app and its pages rather than listed by hand:
CSRF on every state-changing form route, no authority from the cookie on the JSON APIs, the flags of every cookie,
no open redirect through forwardTo, and no markup or template syntax coming back from any input."""

from __future__ import annotations

import functools
from collections.abc import Callable
from http.cookies import SimpleCookie
from urllib.parse import urljoin, urlsplit

import fastapi.routing
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ibkey_conformance.live_portal import LivePortal
from ibkey_conformance.scenario_data import ScenarioData
from ibkey_reference.portal.sessions import COOKIE_NAME

from .html_forms import HtmlForm, html_forms
from .portal_http import client, csrf_token, is_logged_in
from .portal_visits import PAGES_WITH_FORMS, Visit, logged_in, typing_a_temporary_passcode, waiting_for_push

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# JSON only, answering whoever names the transaction, push address or user in the path: no cookie is their authority.
COOKIELESS_APIS = ("/api/", "/__control__/")
CSRF_REFUSAL = {"detail": "CSRF token missing or wrong: reload the page and try again."}


def app_routes(app) -> list:
    """Every endpoint with its full path; FastAPI 0.16x keeps included routers nested inside `app.routes`."""
    flatten = getattr(fastapi.routing, "iter_route_contexts", None)
    routes = flatten(app.routes) if flatten else app.routes
    return [route for route in routes if getattr(route, "methods", None) and hasattr(route, "dependant")]


def state_changing_routes(app, *, cookieless: bool) -> list:
    return [
        route
        for route in app_routes(app)
        if route.methods & STATE_CHANGING and route.path.startswith(COOKIELESS_APIS) == cookieless
    ]


def body_of(response: httpx.Response) -> object:
    return response.json() if response.headers.get("content-type") == "application/json" else response.text[:200]


def concrete_path(route) -> str:
    """The route's path with every path parameter naming nothing that exists."""
    return route.path_format.format(**{param.name: "no-such-thing" for param in route.dependant.path_params})


@pytest.fixture
def visits(live_portal: LivePortal, backoffice, scenario_data: ScenarioData) -> Callable[[], Visit]:
    """Starts a fresh visit (account and browser) each call: `with visits() as visit: ...`."""
    return functools.partial(Visit, live_portal.url, backoffice, scenario_data)


# CSRF on every state-changing form route


@pytest.mark.negative
def test_every_form_route_refuses_a_missing_or_wrong_csrf_token_and_does_nothing(live_portal, visits):
    routes = state_changing_routes(live_portal.app, cookieless=False)
    assert {route.path for route in routes} >= {"/sso/Login", "/sso/Logout", "/portal/settings/security/card"}
    with visits() as visit, visits() as other:
        logged_in(visit)  # past every login check, so only the token can stop a request
        tokens = {"missing": None, "empty": "", "made up": "x" * 32, "another session's": csrf_token(other.http)}
        not_refused = {}
        for route in routes:
            fields = {param.alias: "x" for param in route.dependant.body_params if param.alias != "csrf_token"}
            for method in sorted(route.methods & STATE_CHANGING):
                for case, token in tokens.items():
                    form = fields if token is None else {**fields, "csrf_token": token}
                    response = visit.http.request(method, concrete_path(route), data=form)
                    answer = (response.status_code, body_of(response), response.headers.get("set-cookie"))
                    if answer != (403, CSRF_REFUSAL, None):
                        not_refused[f"{method} {route.path} with a {case} token"] = answer

        assert not_refused == {}
        assert is_logged_in(visit.http)  # not even the logout ran


def test_with_the_sessions_own_token_no_form_route_is_refused_for_csrf(live_portal, visits):
    """The control for the test above: its 403s come from the token, not from the fields it sends."""
    for route in state_changing_routes(live_portal.app, cookieless=False):
        with visits() as visit:
            logged_in(visit)
            fields = {param.alias: "x" for param in route.dependant.body_params}
            response = visit.http.post(concrete_path(route), data={**fields, "csrf_token": csrf_token(visit.http)})
            assert response.status_code != 403, route.path


# The JSON APIs take no authority from the browser's cookie


@pytest.mark.negative
def test_the_json_apis_answer_a_cross_site_form_with_the_victims_cookie_as_they_answer_anyone(live_portal, visits):
    """A page elsewhere can make the browser post a form, cookie attached: the APIs refuse form bodies and act only
    on ids in the path, which the browser never sees, so the cookie adds nothing."""
    apis = state_changing_routes(live_portal.app, cookieless=True)
    assert any(route.path == "/api/v1/activations" for route in apis)
    with visits() as visit, client(live_portal.url) as stranger:
        waiting_for_push(visit)  # the victim's session holds a login transaction waiting for the phone
        session = live_portal.app.state.sessions.get(visit.http.cookies[COOKIE_NAME])
        waiting = live_portal.server.logins.get(session.transaction_id)
        answers = {}
        for route in apis:
            for method in sorted(route.methods & STATE_CHANGING):
                form = {"username": visit.username, "password": visit.password, "answer": "x", "factor": "x"}
                with_cookie = visit.http.request(method, concrete_path(route), data=form)
                stranger.cookies.clear()
                without = stranger.request(method, concrete_path(route), data=form)
                assert (with_cookie.status_code, body_of(with_cookie)) == (without.status_code, body_of(without))
                answers[f"{method} {route.path}"] = with_cookie.status_code

        assert set(answers.values()) <= {404, 422}, answers
        assert live_portal.server.logins.get(waiting.id) == waiting
        assert not any(waiting.id in response.text for response in visit.responses)


# Cookie flags


def test_every_cookie_the_portal_sets_is_httponly_samesite_lax_for_the_whole_site(live_portal, visits):
    responses = []
    for reach_page in PAGES_WITH_FORMS:
        with visits() as visit:
            visit.page(reach_page(visit))
            visit.page("/sso/Login?lang=ja")
            visit.page("/sso/Login?lang=en")
            responses += visit.responses + visit.phone_responses
    with visits() as visit:
        visit.page("/sso/Login?forwardTo=22")
        visit.sign_in()
        for path in ("/sso/Dispatcher", "/portal/home", "/portal/ibkey/qr.png", "/static/portal.css", "/nowhere"):
            visit.page(path)
        visit.log_out()
        responses += visit.responses

    cookies = [(response, header) for response in responses for header in response.headers.get_list("set-cookie")]
    for _, header in cookies:
        parsed = SimpleCookie(header)
        assert list(parsed) == [COOKIE_NAME], header
        attributes = parsed[COOKIE_NAME]
        assert attributes["httponly"] is True, header
        assert attributes["samesite"].lower() == "lax", header
        assert attributes["path"] == "/", header
        assert not attributes["domain"], header  # this host only
        assert not attributes["max-age"] and not attributes["expires"], header  # gone with the browser
    where = {(response.request.method, response.request.url.path) for response, _ in cookies}
    assert where >= {("GET", "/sso/Login"), ("POST", "/sso/Login"), ("POST", "/sso/Logout")}


# No open redirect


HOSTILE_FORWARDS = [
    "https://evil.example", "http://evil.example/22", "//evil.example", "///evil.example", "/\\evil.example",
    "\\\\evil.example", "\\/evil.example", "/.//evil.example", "https:evil.example", "https:/evil.example",
    "%2F%2Fevil.example", "%2f%5cevil.example", "/%2F/evil.example", "/%09/evil.example", "javascript:alert(1)",
    "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<script>alert(1)</script>", " //evil.example",
    "\t//evil.example", "\n//evil.example", "\x00//evil.example", "\x0c/\\evil.example", "22@evil.example",
    "//evil.example@127.0.0.1", "http://127.0.0.1@evil.example", "22//evil.example", "22/../..//evil.example",
    "22\\evil.example", "22\r\nLocation: //evil.example", "２２", "²²", "22 ", "0x16", "-22", "+22",
]
C0_CONTROLS_AND_SPACE = "".join(map(chr, range(0x21)))


def where_a_browser_goes(location: str, base: str) -> str:
    """A Location as browsers resolve it (the WHATWG URL parser): C0 controls and spaces trimmed at both ends,
    tabs and newlines dropped anywhere, a backslash read as a slash in http(s) URLs."""
    cleaned = location.strip(C0_CONTROLS_AND_SPACE).translate(dict.fromkeys(map(ord, "\t\n\r"))).replace("\\", "/")
    return urljoin(base, cleaned)


def assert_stays_on_the_portal(visit: Visit, base: str) -> None:
    portal = urlsplit(base)[:2]
    for response in visit.responses:
        if "location" in response.headers:
            location = response.headers["location"]
            assert urlsplit(where_a_browser_goes(location, base))[:2] == portal, location


def login_with_forward_to(visit: Visit, forward_to: str) -> str:
    visit.http.get("/sso/Login", params={"forwardTo": forward_to})
    return visit.http.post(
        "/sso/Login",
        params={"forwardTo": forward_to},
        data={"username": visit.username, "password": visit.password, "forwardTo": forward_to,
              "csrf_token": csrf_token(visit.http)},
    ).headers["location"]


def test_forward_to_the_gateway_is_honoured(visits):
    with visits() as visit:
        assert login_with_forward_to(visit, "22") == "/sso/Dispatcher"
        gateway_answer = visit.http.get("/sso/Dispatcher")

    # Plain text, as the real API gateway answers it: automation waits for it inside the <pre> a browser makes of it.
    assert gateway_answer.headers["content-type"].startswith("text/plain")
    assert gateway_answer.text == "Client login succeeds"


@pytest.mark.negative
@pytest.mark.parametrize("forward_to", HOSTILE_FORWARDS)
def test_a_hostile_forward_to_never_leaves_the_portal_after_a_password_login(live_portal, visits, forward_to):
    with visits() as visit:
        assert login_with_forward_to(visit, forward_to) == "/portal/home"
        assert_stays_on_the_portal(visit, live_portal.url)


@pytest.mark.negative
@pytest.mark.parametrize("forward_to", HOSTILE_FORWARDS)
def test_a_hostile_forward_to_never_leaves_the_portal_after_a_second_factor(live_portal, visits, forward_to):
    with visits() as visit:
        visit.http.get("/sso/Login", params={"forwardTo": forward_to})
        typing_a_temporary_passcode(visit)
        visit.answer("temp-response", visit.temporary_passcode)

        assert visit.page().headers["location"] == "/portal/home"
        assert_stays_on_the_portal(visit, live_portal.url)


CRAFTED_FORWARDS = st.builds(
    "".join,
    st.tuples(
        st.text(alphabet=" \t\r\n\x00\x0b\x0c/\\.:@%2Fx", max_size=5),
        st.sampled_from(["//", "/\\", "\\\\", "https:", "https://", "javascript:", "22@", "22", ""]),
        st.sampled_from(["evil.example", "evil.example/22", "127.0.0.1.evil.example", ""]),
    ),
)


@pytest.mark.negative
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(forward_to=st.one_of(CRAFTED_FORWARDS, st.text(max_size=24)))
def test_no_forward_to_leaves_the_portal(live_portal, visits, forward_to):
    with visits() as visit:
        assert login_with_forward_to(visit, forward_to) in {"/portal/home", "/sso/Dispatcher"}
        assert_stays_on_the_portal(visit, live_portal.url)


# Markup and template syntax in every input


# What is typed -> what must never come back in a response body.
PAYLOADS = {
    "<script>alert(1)</script>": "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>': '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>": "'><svg onload=alert(1)>",
    "</textarea></title><script>alert(1)</script>": "<script>alert(1)</script>",
    "zq{{7*7}}zq": "zq49zq",
    "zq${7*7}zq": "zq49zq",
    "zq{{7*'7'}}zq": "zq7777777zq",
}


def reflected(payload: str, responses) -> list[str]:
    """The responses that send `payload` back live (raw markup, or template syntax evaluated)."""
    return [
        f"{response.status_code} {response.request.method} {response.request.url}"
        for response in responses
        if PAYLOADS[payload] in response.text
    ]


@pytest.fixture(scope="module")
def forms_of_the_portal(live_portal: LivePortal, backoffice) -> dict[tuple, tuple[Callable[[Visit], str], HtmlForm]]:
    """Every distinct form the portal renders, with the way to a page that renders it."""
    found = {}
    for reach_page in PAGES_WITH_FORMS:
        with Visit(live_portal.url, backoffice, ScenarioData()) as visit:
            for form in html_forms(visit.page(reach_page(visit)).text):
                found.setdefault(form.shape, (reach_page, form))
    return found


def test_the_pages_render_a_form_for_every_form_route_and_no_other(live_portal, forms_of_the_portal):
    actions = {form.action for _, form in forms_of_the_portal.values()}
    assert actions == {route.path for route in state_changing_routes(live_portal.app, cookieless=False)}
    assert all(form.method == "post" and "csrf_token" in form.fields for _, form in forms_of_the_portal.values())


def follow(visit: Visit, response, hops: int = 3) -> list:
    """The response and the pages its redirects lead to, as a browser would load them."""
    chain = [response]
    while chain[-1].is_redirect and len(chain) <= hops:
        chain.append(visit.http.get(chain[-1].headers["location"]))
    return chain


@pytest.mark.negative
@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_any_field_of_any_form_never_comes_back(visits, forms_of_the_portal, payload):
    found = {}
    for shape, (reach_page, form) in forms_of_the_portal.items():
        for field in form.fields:
            with visits() as visit:
                page = visit.page(reach_page(visit))
                current = next(form for form in html_forms(page.text) if form.shape == shape)
                submitted = visit.http.post(current.action, data={**current.fields, field: payload})
                if hits := reflected(payload, follow(visit, submitted)):
                    found[f"{current.action} {field}"] = hits

    assert found == {}


@pytest.mark.negative
def test_markup_in_any_query_parameter_or_the_language_header_never_comes_back(live_portal, visits):
    pages = [
        route for route in app_routes(live_portal.app)
        if "GET" in route.methods and not route.path.startswith(COOKIELESS_APIS) and not route.dependant.path_params
    ]
    # Every page reads `lang` through the shared renderer without declaring it.
    parameters = {"lang"} | {param.alias for route in pages for param in route.dependant.query_params}
    assert parameters >= {"lang", "forwardTo", "done"}
    found = []
    for reach_page in PAGES_WITH_FORMS:  # reading pages leaves each of these logins where it is
        with visits() as visit:
            reach_page(visit)
            for route in pages:
                for payload in PAYLOADS:
                    page = visit.http.get(
                        route.path, params=dict.fromkeys(parameters, payload), headers={"accept-language": payload}
                    )
                    found += reflected(payload, [page])

    assert found == []
