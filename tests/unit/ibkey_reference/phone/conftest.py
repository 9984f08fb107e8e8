"""A reference portal behind a TestClient, QR screenshots of its activation codes, and phones to use them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from ibkey_conformance.phone_flows import activate_with_typed_code
from ibkey_reference import qr
from ibkey_reference.clock import ManualClock
from ibkey_reference.crypto import TEST_COST
from ibkey_reference.phone.camera import CameraView
from ibkey_reference.phone.device import Phone
from ibkey_reference.portal.app import create_app
from ibkey_reference.portal.settings import PortalSettings
from ibkey_reference.server import User
from ibkey_reference.server.errors import NoSuchUser
from ibkey_reference.server.settings import ServerSettings

PASSWORD = "pw-123456"
PAGE_SIZE = (1280, 800)
READING_VIEW = CameraView(distance_cm=25)


class Portal:
    """The server side of every test: users, activation codes and the login API."""

    def __init__(self, tmp_path) -> None:
        self.app = create_app(PortalSettings(
            db_path=tmp_path / "db.sqlite3", clock=ManualClock(), server=ServerSettings(password_cost=TEST_COST)
        ))
        self.server = self.app.state.server
        self.clock = self.server.clock
        self.client = TestClient(self.app)

    def user(self, username: str) -> User:
        try:
            return self.server.accounts.find(username)
        except NoSuchUser:
            return self.server.accounts.create_user(username, PASSWORD)

    def new_code(self, username: str = "alice") -> str:
        """A fresh activation code, as the Client Portal banner shows it."""
        return self.server.activations.start(self.user(username)).code

    def start_login(self, username: str = "alice") -> dict:
        response = self.client.post("/api/v1/logins", json={"username": username, "password": PASSWORD})
        assert response.status_code == 201, response.text
        return response.json()

    def state(self, login: dict) -> str:
        return self.client.get(f"/api/v1/logins/{login['transaction_id']}").json()["state"]

    def challenge(self, login: dict) -> str:
        return self.client.post(f"/api/v1/logins/{login['transaction_id']}/challenge").json()["challenge"]

    def respond(self, login: dict, answer: str) -> dict:
        return self.client.post(f"/api/v1/logins/{login['transaction_id']}/response", json={"answer": answer}).json()

    def device_counter(self, username: str) -> int:
        return self.server.devices_of(username)[0].counter


def qr_page(code: str) -> Image.Image:
    """A Client Portal screenshot: the activation QR code on a white page."""
    page = Image.new("RGB", PAGE_SIZE, "white")
    image = qr.render_image(qr.ActivationPayload(code), box_size=5)
    page.paste(image, ((PAGE_SIZE[0] - image.width) // 2, (PAGE_SIZE[1] - image.height) // 2))
    return page


@pytest.fixture
def portal(tmp_path):
    portal = Portal(tmp_path)
    yield portal
    portal.client.close()
    portal.server.close()


@pytest.fixture
def iphone(portal):
    """An iPhone with Face ID whose IBKR Mobile was opened before and may notify."""
    phone = Phone.ios(name="Alice's iPhone", http=portal.client)
    phone.install("IBKR Mobile", opened_before=True)
    return phone


@pytest.fixture
def android(portal):
    """An Android phone without fingerprint whose IBKR Mobile is installed."""
    phone = Phone.android(name="Alice's Android", http=portal.client, pin_cost=TEST_COST)
    phone.install("IBKR Mobile", opened_before=True)
    return phone


@pytest.fixture
def enroll(portal):
    """Activate IB Key for a user on a phone by typing the code (the shortest documented path)."""

    def enroll(phone: Phone, username: str = "alice", pin: str = "1234"):
        return activate_with_typed_code(phone, portal.new_code(username), pin)

    return enroll
