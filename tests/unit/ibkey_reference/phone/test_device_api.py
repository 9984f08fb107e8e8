import httpx
import pytest

from ibkey_reference import crypto, ocra, qr
from ibkey_reference.phone.device import Phone
from ibkey_reference.phone.device_api import DeviceApiClient, DeviceApiError
from ibkey_reference.phone.errors import NoNetwork


def activation(client, code, push_address="p" * 22):
    signing, transport = crypto.DeviceSigningKey.generate(), crypto.TransportKey.generate()
    result = DeviceApiClient(client).activate(
        code=code,
        platform="ios",
        device_name="test phone",
        signing_public_key=signing.public_bytes(),
        transport_public_key=transport.public_bytes(),
        pin_hash=ocra.pin_hash("1234"),
        push_address=push_address,
    )
    return result, signing, transport


def test_activate_returns_an_envelope_only_this_phone_opens(portal):
    code = portal.new_code("alice")
    result, _, transport = activation(portal.client, code.lower())
    assert (result.username, result.suite, result.counter) == ("alice", ocra.IBKEY_SUITE, 0)
    secret = transport.open(result.envelope, context=qr.normalize_activation_code(code).encode())
    assert secret == portal.server.devices_of("alice")[0].ocra_secret
    with pytest.raises(crypto.DecryptionFailed):
        crypto.TransportKey.generate().open(result.envelope, context=code.encode())


@pytest.mark.parametrize(
    ("prepare", "code", "status"),
    [
        (lambda portal: "ABCD-EFGH-JK23", "activation_code_unknown", 404),
        (lambda portal: "ABCD", "activation_code_invalid", 400),
    ],
)
def test_error_bodies_become_device_api_errors(portal, prepare, code, status):
    with pytest.raises(DeviceApiError) as caught:
        activation(portal.client, prepare(portal))
    assert (caught.value.code, caught.value.status) == (code, status)
    assert caught.value.message == str(caught.value)
    assert caught.value.message


def test_validation_errors_name_the_field(portal):
    with pytest.raises(DeviceApiError) as caught:
        activation(portal.client, portal.new_code(), push_address="short")
    assert caught.value.code == "request_invalid"
    assert "push_address" in caught.value.message


def test_notifications_and_approval(portal):
    address = crypto.random_token(24)
    result, signing, _ = activation(portal.client, portal.new_code("alice"), push_address=address)
    api = DeviceApiClient(portal.client)
    assert api.notifications(address) == []
    login = portal.start_login("alice")
    [message] = api.notifications(address, after=0, wait=0)
    assert (message.transaction_id, message.username, message.device_serial) == (
        login["transaction_id"], "alice", result.device_serial
    )
    assert api.notifications(address, after=message.id) == []
    with pytest.raises(DeviceApiError) as caught:
        api.approve(message.transaction_id, device_serial=result.device_serial, signature=signing.sign(b"other"))
    assert caught.value.code == "approval_rejected"
    signature = signing.sign(crypto.approval_message(message.transaction_id, message.nonce, "alice"))
    assert api.approve(message.transaction_id, device_serial=result.device_serial, signature=signature) == "complete"


def test_log_in_without_a_second_factor_completes(portal):
    portal.user("carol")
    assert DeviceApiClient(portal.client).log_in("carol", "pw-123456").state == "complete"
    with pytest.raises(DeviceApiError) as caught:
        DeviceApiClient(portal.client).log_in("carol", "nope")
    assert caught.value.code == "invalid_credentials"


def test_an_unreachable_server():
    def refuse(request):
        raise httpx.ConnectError("connection refused")

    client = httpx.Client(base_url="http://portal.invalid", transport=httpx.MockTransport(refuse))
    with pytest.raises(DeviceApiError) as caught:
        DeviceApiClient(client).notifications("x" * 22)
    assert caught.value.code == "server_unreachable"
    assert "http://portal.invalid" in caught.value.message


def test_a_non_json_error():
    client = httpx.Client(
        base_url="http://portal.test",
        transport=httpx.MockTransport(lambda request: httpx.Response(502, text="Bad Gateway")),
    )
    with pytest.raises(DeviceApiError) as caught:
        DeviceApiClient(client).notifications("x" * 22)
    assert (caught.value.code, caught.value.status) == ("server_error", 502)
    assert "Bad Gateway" in caught.value.message


def test_network_off_raises_before_any_request():
    requests = []

    def record(request):
        requests.append(request)
        return httpx.Response(200, json={"notifications": []})

    client = httpx.Client(base_url="http://portal.test", transport=httpx.MockTransport(record))
    phone = Phone.ios(http=client)
    phone.set_network(False)
    with pytest.raises(NoNetwork, match="Airplane Mode"):
        phone.device_api()
    assert requests == []


def test_a_phone_without_a_server_says_how_to_connect_it():
    with pytest.raises(NoNetwork, match="base_url"):
        Phone.android().device_api()


def test_network_off_during_activation_shows_a_message(portal, iphone):
    code = portal.new_code()
    iphone.set_network(False)
    app = iphone.open_app("IBKR Mobile").tap("Services").tap("Authenticate").tap("Add User")
    app.tap("Setup IB Key using QR code").type("Activation Code", code).tap("Activate IB Key")
    iphone.provide_security_element()
    assert app.screen.name == "Setup IB Key using QR code"
    assert app.screen.error_code == "no_network"
    assert not portal.server.has_ibkey("alice")
