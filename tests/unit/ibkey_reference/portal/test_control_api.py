"""The test control API: only when asked for, only for loopback clients, and it does what the harness needs."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from ibkey_reference.clock import ManualClock, SystemClock
from ibkey_reference.crypto import TEST_COST
from ibkey_reference.portal.app import create_app
from ibkey_reference.portal.settings import PortalSettings
from ibkey_reference.server import ServerSettings


def _client(tmp_path, **settings) -> TestClient:
    options = {"db_path": tmp_path / "db.sqlite3", "server": ServerSettings(password_cost=TEST_COST)}
    return TestClient(create_app(PortalSettings(**options | settings)), client=("127.0.0.1", 50000))


def test_the_control_api_is_absent_unless_asked_for(tmp_path):
    assert _client(tmp_path).post("/__control__/users", json={"username": "a", "password": "b"}).status_code == 404


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def control(tmp_path, clock) -> TestClient:
    return _client(tmp_path, control_api=True, clock=clock)


def test_users_activation_codes_passcodes_and_devices(control):
    assert control.post("/__control__/users", json={"username": "alice", "password": "pw-123456"}).status_code == 201
    code = control.post("/__control__/users/alice/activations").json()["code"]
    assert len(code) == 14 and code.count("-") == 2
    passcode = control.post("/__control__/users/alice/temporary-passcode").json()["passcode"]
    assert len(passcode) == 8 and passcode.isalnum() and passcode == passcode.upper()
    kit = control.post("/__control__/users/alice/physical-device", json={"pin": "2468"}).json()
    assert set(kit) == {"serial", "ocra_secret", "pin", "activates_at"} and kit["pin"] == "2468"
    assert control.post(f"/__control__/users/alice/devices/{kit['serial']}/reactivation").json() == {}
    assert control.get("/__control__/users/alice/ibkey").json() == {"active": False}


def test_the_clock_moves_only_forward_and_only_a_manual_one(control, clock, tmp_path):
    before = clock.now()
    assert control.post("/__control__/clock/advance", json={"seconds": 3600}).status_code == 200
    assert clock.now() == before + timedelta(hours=1)
    assert control.post("/__control__/clock/advance", json={"seconds": -1}).status_code == 422
    system = _client(tmp_path, control_api=True, clock=SystemClock())
    refused = system.post("/__control__/clock/advance", json={"seconds": 1})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "clock_not_manual"


def test_an_unknown_user_is_the_servers_own_error(control):
    refused = control.post("/__control__/users/nobody/temporary-passcode")
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "no_such_user"


def test_clients_other_than_loopback_are_refused(tmp_path, clock):
    app = create_app(PortalSettings(db_path=tmp_path / "db.sqlite3", control_api=True, clock=clock))
    remote = TestClient(app, client=("203.0.113.7", 50000))
    refused = remote.post("/__control__/users", json={"username": "a", "password": "b"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "control_forbidden"


@pytest.mark.negative
def test_a_web_page_cannot_make_a_browser_on_this_machine_call_it(control):
    """A cross-site form post needs no body for these calls; the browser names the page's site in Origin."""
    assert control.post("/__control__/users", json={"username": "alice", "password": "pw-123456"}).status_code == 201
    for path in ("/users/alice/temporary-passcode", "/users/alice/activations", "/users/alice/devices/x/reactivation"):
        refused = control.post(f"/__control__{path}", data={}, headers={"origin": "https://evil.example"})
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "control_forbidden", path


def test_the_trading_gateway_says_where_it_serves_each_port(control):
    assert control.get("/__control__/trading-gateway").json() == {"ports": {}}  # not started yet
    gateway = control.app.state.server.trading.start("127.0.0.1", ephemeral=True)
    try:
        ports = control.get("/__control__/trading-gateway").json()["ports"]
        assert set(ports) == {"4000", "4001"}
        assert all(where["host"] == "127.0.0.1" and where["port"] not in (0, 4000, 4001) for where in ports.values())
    finally:
        gateway.stop()
