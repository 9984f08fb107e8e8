"""Hypothesis on every parser of outside input: what it accepts round-trips, anything else gets its documented error.

The parsers: the activation link a QR code holds, the typed Activation Code / Session ID, the links a phone
scans, base64url fields, OCRA suites, typed PINs and challenges (phone), typed responses, temporary passcodes and
security card values (server), bridge lines, selector maps and target.toml files.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import example, given
from hypothesis import strategies as st

from ibkey_conformance.adapters.bridge_protocol import (
    MARKER,
    PARAMS,
    PROTOCOL_VERSION,
    RESULTS,
    Failure,
    ProtocolViolation,
    decode_response,
    encode_request,
)
from ibkey_conformance.adapters.target import TargetError, load_target, read_selectors
from ibkey_conformance.pages.selectors import DEFAULT_SELECTORS
from ibkey_conformance.phone_flows import activate_with_typed_code
from ibkey_reference import crypto, ocra, qr
from ibkey_reference.clock import ManualClock
from ibkey_reference.phone.device import Phone
from ibkey_reference.phone.ibkr_mobile.pin import PIN_RULE, InvalidPin, check_pin
from ibkey_reference.phone.links import activation_code_in, is_web_link
from ibkey_reference.portal.app import create_app
from ibkey_reference.portal.settings import PortalSettings
from ibkey_reference.server import ReferenceServer, ServerSettings
from ibkey_reference.server.errors import LoginFailed
from ibkey_reference.server.logins import Logins

from .login_states import LoginStates
from .strategies import (
    activation_links,
    bare_codes,
    bounded,
    json_lines,
    json_values,
    mutated,
    scanned_texts,
    toml_texts,
)

CODE_PATTERN = re.compile(rf"[{qr.ALPHABET}]{{4}}-[{qr.ALPHABET}]{{4}}-[{qr.ALPHABET}]{{4}}")
CHEAP = bounded(100)  # pure functions: microseconds an example
COSTLY = bounded(25)  # a login, a phone screen or a file an example
TEST_SETTINGS = ServerSettings(password_cost=crypto.TEST_COST)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = ReferenceServer(tmp_path_factory.mktemp("fuzz") / "server.sqlite3", ManualClock(), TEST_SETTINGS)
    yield server
    server.close()


@pytest.fixture(scope="module")
def login_states(server):
    return LoginStates(server)


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    app = create_app(PortalSettings(tmp_path_factory.mktemp("fuzz") / "portal.sqlite3", ManualClock(), TEST_SETTINGS))
    with TestClient(app) as client:
        yield app.state.server, client
    app.state.server.close()


@pytest.fixture(scope="module")
def enrolled_iphone(portal):
    server, client = portal
    phone = Phone.ios(http=client)
    phone.install("IBKR Mobile", opened_before=True)
    activate_with_typed_code(phone, server.activations.start(server.accounts.create_user("alice", "pw")).code)
    return phone


@pytest.fixture(scope="module")
def android(portal):
    _, client = portal
    phone = Phone.android(http=client, pin_cost=crypto.TEST_COST)
    phone.install("IBKR Mobile", opened_before=True)
    return phone


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-files")


# -- the activation link in a QR code, and the Activation Code / Session ID -----------------------------------


@CHEAP
@given(scanned_texts)
def test_a_scanned_text_is_an_activation_payload_or_a_documented_refusal(text):
    try:
        payload = qr.parse_payload(text)
    except qr.NotAnActivationLink as refusal:
        assert qr.EXPECTED_LINK_FORM in str(refusal)
    except qr.InvalidActivationCode as refusal:
        assert qr.ACCEPTED_CODE_FORM in str(refusal)
    else:
        assert qr.parse_payload(payload.to_uri()) == payload


TYPINGS = [str.lower, str.upper, " ".join, lambda bare: f"{bare[:6]}-{bare[6:]}"]


@CHEAP
@given(
    bare=bare_codes,
    host=st.sampled_from(sorted(qr.LINK_HOSTS)),
    typed_as=st.sampled_from(TYPINGS),
    others=st.dictionaries(st.text(alphabet="abxyz", min_size=1, max_size=4), st.text(max_size=8), max_size=3),
)
def test_an_activation_link_gives_its_code_however_spelled_and_whatever_else_it_carries(bare, host, typed_as, others):
    query = urlencode({**others, "v": qr.LINK_VERSION, "code": typed_as(bare)})

    assert qr.parse_payload(f"https://{host}{qr.LINK_PATH}?{query}") == qr.ActivationPayload(bare)


@CHEAP
@given(st.text() | mutated(bare_codes) | mutated(bare_codes.map(str.lower), st.sampled_from(list(" -\t_0OIl"))))
def test_a_typed_session_id_is_a_code_or_an_invalid_code(typed):
    try:
        code = qr.normalize_activation_code(typed)
    except qr.InvalidActivationCode as refusal:
        assert qr.ACCEPTED_CODE_FORM in str(refusal)
    else:
        assert CODE_PATTERN.fullmatch(code)
        assert qr.normalize_activation_code(code) == code


@CHEAP
@given(scanned_texts)
def test_the_phone_takes_any_scanned_text_as_an_activation_code_a_web_link_or_neither(text):
    code = activation_code_in(text)

    assert code is None or (CODE_PATTERN.fullmatch(code) and is_web_link(text))


@CHEAP
@given(activation_links)
def test_the_phone_takes_every_activation_link_as_its_code(link):
    assert activation_code_in(link) == qr.parse_payload(link).code


# -- base64url fields and OCRA suites ------------------------------------------------------------------------


@CHEAP
@given(st.text() | st.text(alphabet="ABCxyz019-_=+/ "))
def test_a_base64url_field_decodes_canonically_or_is_malformed(text):
    try:
        data = crypto.b64d(text, field="signature")
    except crypto.MalformedData as refusal:
        assert str(refusal).startswith("signature is not")
    else:
        assert crypto.b64e(data) == text


@CHEAP
@given(st.binary(max_size=100))
def test_any_bytes_round_trip_through_base64url(data):
    assert crypto.b64d(crypto.b64e(data)) == data


@CHEAP
@given(st.text() | mutated(st.just(ocra.IBKEY_SUITE), st.sampled_from(list("OCRA-1:HOTPSHA256-0QNAHPST4689"))))
def test_an_ocra_suite_parses_or_names_its_bad_part(text):
    try:
        suite = ocra.parse_suite(text)
    except ocra.OcraSuiteError as refusal:
        assert str(refusal)
    else:
        assert suite.text == text
        assert 4 <= suite.question_max <= 64


# -- typed PINs, challenges and answers ---------------------------------------------------------------------


@CHEAP
@given(st.text(max_size=10))
def test_a_typed_pin_is_kept_or_refused_with_the_rule(pin):
    try:
        assert check_pin(pin) == pin
    except InvalidPin as refusal:
        assert PIN_RULE in str(refusal)
    else:
        assert 4 <= len(pin) <= 6 and pin.isascii() and pin.isprintable() and " " not in pin


@COSTLY
@given(st.text(max_size=12) | st.from_regex(r"[0-9 ]{0,9}", fullmatch=True))
def test_a_typed_challenge_gets_a_response_or_a_request_for_digits(enrolled_iphone, typed):
    app = enrolled_iphone.open_app("IBKR Mobile").tap("Services").tap("Authenticate")
    app.type("Challenge", typed).tap("Generate Response")
    if app.screen.name == "Face ID":
        enrolled_iphone.provide_security_element()
    challenge = "".join(typed.split())

    if challenge.isascii() and challenge.isdigit() and 4 <= len(challenge) <= 6:
        assert app.screen.name == "Response"
        assert re.fullmatch(r"[0-9]{8}", app.screen.values["Response"])
    else:
        assert (app.screen.name, app.screen.error_code) == ("Authenticate", "challenge_invalid")


@COSTLY
@given(typed_code=st.text(max_size=16) | mutated(bare_codes) | bare_codes, pin=st.text(max_size=8) | st.just("1234"))
def test_a_typed_session_id_and_pin_are_refused_with_what_is_wrong(android, typed_code, pin):
    app = android.open_app("IBKR Mobile").tap("Services").tap("Authenticate").tap("Add User")
    app.type("Session ID", typed_code).type("Create PIN", pin).tap("ACTIVATE")

    # No code was issued to this portal's users, so none of them can activate.
    assert app.screen.error_code in {"activation_code_invalid", "pin_invalid", "activation_code_unknown"}


@CHEAP
@given(answer=st.text(max_size=12) | st.from_regex(r"[0-9]{8}", fullmatch=True), counter=st.integers(0, 2**64 - 1))
def test_a_typed_response_verifies_at_one_counter_or_not_at_all(answer, counter):
    key, challenge, pin_hash = bytes(range(20)), "123456", ocra.pin_hash("1234")
    matched = ocra.verify(ocra.IBKEY_SUITE, key, challenge, answer, counter=counter, pin_hash=pin_hash)

    assert (
        matched is None or ocra.response(ocra.IBKEY_SUITE, key, challenge, counter=matched, pin_hash=pin_hash) == answer
    )


@CHEAP
@given(challenge=st.from_regex(r"[0-9]{4,6}", fullmatch=True), counter=st.integers(0, 2**64 - 1))
def test_every_response_verifies_at_its_own_counter(challenge, counter):
    key, pin_hash = bytes(range(20)), ocra.pin_hash("1234")
    answer = ocra.response(ocra.IBKEY_SUITE, key, challenge, counter=counter, pin_hash=pin_hash)

    assert ocra.verify(ocra.IBKEY_SUITE, key, challenge, answer, counter=counter, pin_hash=pin_hash) == counter


ANSWER_AT = {
    "challenge": Logins.answer_challenge,
    "passcode": Logins.answer_temporary_passcode,
    "card": Logins.answer_security_card,
}
# What a person types, or a form or JSON body carries: text without lone surrogates, which neither can hold.
typed_answers = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=80),
    st.from_regex(r"[0-9]{6}|[0-9]{8}|[0-9A-Z]{8}", fullmatch=True),
)


@pytest.mark.parametrize("state", ANSWER_AT)
@COSTLY
@given(typed=typed_answers)
def test_a_wrong_typed_answer_fails_the_login_as_documented(server, login_states, state, typed):
    login = login_states.login_at(state)

    with pytest.raises(LoginFailed):
        ANSWER_AT[state](server.logins, login.transaction_id, typed)


# -- the bridge's JSON lines ----------------------------------------------------------------------------------

REQUEST_ID = 7
error_objects = st.fixed_dictionaries(
    {}, optional={"code": st.text(max_size=8) | json_values, "message": json_values, "status": json_values}
)
response_objects = st.fixed_dictionaries(
    {"id": st.sampled_from([REQUEST_ID, REQUEST_ID + 1, True, str(REQUEST_ID), None])},
    optional={"result": json_values, "error": error_objects | json_values},
)
RESULT_VALUES = {int: st.integers(), str: st.text(max_size=20), list: st.lists(json_values, max_size=3)}


@CHEAP
@given(
    line=st.binary(max_size=300) | json_lines(json_values) | json_lines(response_objects),
    method=st.sampled_from(sorted(RESULTS)),
)
@example(line=b"[" * 100_000, method="hello")
@example(line=b'{"id": 7, "result": ' + b"{" * 100_000, method="users")
def test_any_line_from_an_authenticator_is_a_result_a_failure_or_a_named_violation(line, method):
    try:
        decoded = decode_response(line, REQUEST_ID, method)
    except ProtocolViolation as violation:
        assert str(violation)
    else:
        assert isinstance(decoded, Failure) or all(
            isinstance(decoded[name], kind) for name, kind in RESULTS[method].items()
        )


@st.composite
def results(draw) -> tuple[str, dict]:
    method = draw(st.sampled_from(sorted(RESULTS)))
    fields = {name: RESULT_VALUES[kind] for name, kind in RESULTS[method].items()}
    return method, draw(st.fixed_dictionaries(fields, optional={"extra": json_values}))


@CHEAP
@given(results())
def test_a_well_formed_result_round_trips(method_and_result):
    method, result = method_and_result
    line = json.dumps({"id": REQUEST_ID, "result": result}).encode("utf-8") + b"\n"

    assert decode_response(line, REQUEST_ID, method) == result


@CHEAP
@given(code=st.text(min_size=1, max_size=20), message=st.text(max_size=40), status=st.none() | st.integers(100, 599))
def test_a_well_formed_failure_round_trips(code, message, status):
    line = json.dumps({"id": REQUEST_ID, "error": {"code": code, "message": message, "status": status}})

    assert decode_response(line.encode("utf-8"), REQUEST_ID, "approve") == Failure(code, message, status)


@st.composite
def requests_(draw) -> tuple[int, str, dict]:
    method = draw(st.sampled_from(sorted(PARAMS)))
    params = draw(st.fixed_dictionaries(dict.fromkeys(PARAMS[method], json_values)))
    return draw(st.integers(0, 2**53)), method, params


@CHEAP
@given(requests_())
def test_a_request_is_one_ascii_line_that_round_trips(request):
    request_id, method, params = request
    line = encode_request(request_id, method, params)

    assert line.isascii() and line.endswith(b"\n") and line.count(b"\n") == 1
    assert json.loads(line) == {MARKER: PROTOCOL_VERSION, "id": request_id, "method": method, "params": params}


# -- selector maps and target.toml ----------------------------------------------------------------------------

selector_keys = st.sampled_from(sorted(DEFAULT_SELECTORS)) | st.text(max_size=8)
selector_files = st.one_of(
    st.tuples(st.just(".toml"), toml_texts([], sorted(DEFAULT_SELECTORS)).map(str.encode)),
    st.tuples(st.just(".json"), json_lines(json_values | st.dictionaries(selector_keys, json_values, max_size=4))),
    st.tuples(st.sampled_from([".toml", ".json"]), st.binary(max_size=60)),
)
TARGET_SECTIONS = ["implementation", "authenticator", "server", "portal", "expected_failures"]
TARGET_KEYS = ["name", "factory", "command", "timeout", "url", "server_url", "selectors", '"a scenario"']


@COSTLY
@given(selector_files)
def test_a_selector_map_file_is_read_or_refused_with_a_reason(files, suffix_and_content):
    suffix, content = suffix_and_content
    path = files / f"selectors{suffix}"
    path.write_bytes(content)
    try:
        selectors = read_selectors(path)
    except TargetError as refusal:
        assert str(refusal)
    else:
        assert set(selectors) <= set(DEFAULT_SELECTORS)
        assert all(isinstance(selector, str) and selector.strip() for selector in selectors.values())


@bounded(60)
@given(toml_texts(TARGET_SECTIONS, TARGET_KEYS).map(str.encode) | st.binary(max_size=60))
def test_a_target_file_is_loaded_or_refused_with_a_reason(files, content):
    path = files / "target.toml"
    path.write_bytes(content)
    try:
        target = load_target(path)
    except TargetError as refusal:
        assert str(refusal)
    else:
        assert isinstance(target.name, str) and target.timeout > 0
        assert target.command is None or all(isinstance(part, str) for part in target.command)
