"""The published OpenAPI document: valid OpenAPI 3, every device and login API endpoint, errors as ErrorBody."""

from __future__ import annotations

import httpx
import pytest
from openapi_spec_validator import validate

from ibkey_conformance.live_portal import LivePortal

ERROR_BODY = "#/components/schemas/ErrorBody"
DEVICE_API = {
    ("post", "/api/v1/activations"),
    ("get", "/api/v1/push/{push_address}"),
    ("post", "/api/v1/logins/{transaction_id}/approval"),
}
LOGIN_API = {
    ("post", "/api/v1/logins"),
    ("get", "/api/v1/logins/{transaction_id}"),
    ("post", "/api/v1/logins/{transaction_id}/factor"),
    ("post", "/api/v1/logins/{transaction_id}/challenge"),
    ("post", "/api/v1/logins/{transaction_id}/response"),
    ("post", "/api/v1/logins/{transaction_id}/temporary-passcode"),
    ("post", "/api/v1/logins/{transaction_id}/security-card"),
}


@pytest.fixture(scope="module")
def spec(live_portal: LivePortal) -> dict:
    reply = httpx.get(f"{live_portal.url}/openapi.json")
    assert reply.status_code == 200
    return reply.json()


def operations(spec: dict) -> dict[tuple[str, str], dict]:
    return {(method, path): operation for path, item in spec["paths"].items() for method, operation in item.items()}


def test_the_document_is_valid_openapi_3(spec):
    assert spec["openapi"].startswith("3.")
    validate(spec)


def test_every_device_and_login_api_endpoint_is_published(spec):
    assert (DEVICE_API | LOGIN_API) - operations(spec).keys() == set()


def test_only_the_apis_are_published_not_the_pages(spec):
    assert all(path.startswith("/api/v1/") for path in spec["paths"])


@pytest.mark.parametrize("endpoint", sorted(DEVICE_API | LOGIN_API), ids=" ".join)
def test_every_error_response_is_documented_as_error_body(spec, endpoint):
    responses = operations(spec)[endpoint]["responses"]
    errors = {status: response for status, response in responses.items() if status.startswith("4")}
    schemas = {status: response["content"]["application/json"]["schema"]["$ref"] for status, response in errors.items()}

    assert "422" in schemas
    assert schemas == dict.fromkeys(schemas, ERROR_BODY)


@pytest.mark.negative
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/v1/activations", {"code": "ABCD-EFGH-JK23"}),
        ("get", "/api/v1/push/abcdefghijklmnop?wait=600", None),
        ("post", "/api/v1/logins", {"username": "alice"}),
        ("post", "/api/v1/logins/unknown/approval", {"device_serial": "IBK-1", "signature": "not base64url!"}),
    ],
)
def test_a_malformed_request_gets_the_documented_error_body(live_portal, method, path, body):
    """What the document promises for 422 is what a client receives."""
    reply = httpx.request(method, f"{live_portal.url}{path}", json=body)

    assert reply.status_code == 422
    assert set(reply.json()) == {"error"}
    assert reply.json()["error"]["code"] == "request_invalid"
    assert reply.json()["error"]["message"]
