"""Schemathesis against the reference portal's published /openapi.json, served by uvicorn on loopback.

Every published operation gets schema-valid requests and, where its schema can be broken, schema-invalid ones;
the operations with a login or a push address in the path get them again with a real one there. No response
may be a 5xx, and each must have a documented status code and content type and match its documented schema.
Nothing published is left out. Not published, so not fuzzed here: the HTML pages (include_in_schema=False,
tested through the browser) and the test control API (not mounted unless asked for, and never published).
"""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ibkey_conformance.live_portal import LivePortal

from .login_states import LoginStates
from .strategies import bounded

OPERATIONS = (
    "POST /api/v1/activations",
    "GET /api/v1/push/{push_address}",
    "POST /api/v1/logins/{transaction_id}/approval",
    "POST /api/v1/logins",
    "GET /api/v1/logins/{transaction_id}",
    "POST /api/v1/logins/{transaction_id}/factor",
    "POST /api/v1/logins/{transaction_id}/challenge",
    "POST /api/v1/logins/{transaction_id}/response",
    "POST /api/v1/logins/{transaction_id}/temporary-passcode",
    "POST /api/v1/logins/{transaction_id}/security-card",
)
# Their only input is a string path segment, and every string is schema-valid: no schema-invalid request exists.
PATH_ONLY = ("GET /api/v1/logins/{transaction_id}", "POST /api/v1/logins/{transaction_id}/challenge")
BREAKABLE = tuple(label for label in OPERATIONS if label not in PATH_ONLY)
# The state of the real login put in the path: the one where the operation does more than refuse the step.
LOGIN_STATE_FOR = {
    "GET /api/v1/push/{push_address}": "push_wait",
    "POST /api/v1/logins/{transaction_id}/approval": "push_wait",
    "GET /api/v1/logins/{transaction_id}": "choose_factor",
    "POST /api/v1/logins/{transaction_id}/factor": "choose_factor",
    "POST /api/v1/logins/{transaction_id}/challenge": "push_wait",
    "POST /api/v1/logins/{transaction_id}/response": "challenge",
    "POST /api/v1/logins/{transaction_id}/temporary-passcode": "passcode",
    "POST /api/v1/logins/{transaction_id}/security-card": "card",
}
# Not positive_data_acceptance: the schema gives a request's shape, not the domain rules, so a schema-valid
# request may well get a documented refusal (a string that is no activation code gets 400).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXAMPLES_PER_OPERATION = 20
# Schemathesis draws whole requests and filters the ones its schema rules out: slow and filter-heavy by nature.
FUZZ = bounded(EXAMPLES_PER_OPERATION, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    # A 50 ms long poll: a fuzzed wait is still honoured, but wait=60 does not hold the run for a minute.
    with LivePortal(tmp_path_factory.mktemp("fuzz") / "portal.sqlite3", long_poll_seconds=0.05) as portal:
        yield portal


@pytest.fixture(scope="module")
def api_schema(portal):
    return schemathesis.openapi.from_url(f"{portal.url}/openapi.json")


@pytest.fixture(scope="module")
def http():
    with requests.Session() as session:
        yield session


@pytest.fixture(scope="module")
def login_states(portal):
    return LoginStates(portal.server)


def fuzz(strategy, http: requests.Session, prepare=lambda case: None) -> None:
    """Send every case the strategy draws to the portal and run CHECKS on its response."""

    @FUZZ
    @given(case=strategy)
    def call_and_validate(case):
        prepare(case)
        case.call_and_validate(session=http, checks=CHECKS)

    call_and_validate()


def test_every_published_operation_is_fuzzed(api_schema):
    published = {result.ok().label for result in api_schema.get_all_operations()}
    with_path_parameters = {label for label in published if api_schema.find_operation_by_label(label).path_parameters}

    path_only = {
        label
        for label in published
        if not (api_schema.find_operation_by_label(label).body or api_schema.find_operation_by_label(label).query)
    }
    assert published == set(OPERATIONS)
    assert with_path_parameters == set(LOGIN_STATE_FOR)
    assert path_only == set(PATH_ONLY)


@pytest.mark.parametrize("label", OPERATIONS)
def test_schema_valid_requests_get_documented_responses(api_schema, http, label):
    fuzz(api_schema.find_operation_by_label(label).as_strategy(GenerationMode.POSITIVE), http)


@pytest.mark.parametrize("label", BREAKABLE)
def test_schema_invalid_requests_get_documented_refusals(api_schema, http, label):
    fuzz(api_schema.find_operation_by_label(label).as_strategy(GenerationMode.NEGATIVE), http)


@pytest.mark.parametrize("label", LOGIN_STATE_FOR)
def test_requests_about_a_real_waiting_login_get_documented_responses(api_schema, http, login_states, label):
    def put_a_real_login_in_the_path(case):
        login = login_states.login_at(LOGIN_STATE_FOR[label])
        real = {"transaction_id": login.transaction_id, "push_address": login.push_address}
        case.path_parameters = {name: real[name] for name in case.path_parameters}

    fuzz(
        api_schema.find_operation_by_label(label).as_strategy(GenerationMode.POSITIVE),
        http,
        put_a_real_login_in_the_path,
    )
