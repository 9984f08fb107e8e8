"""Camera optics measured on a real Chromium screenshot of the portal's IB Key banner."""

import pytest

from ibkey_conformance.pages import HomePage, LoginPage
from ibkey_reference import qr
from ibkey_reference.phone.camera import Camera, CameraView


@pytest.fixture
def portal_screen(page, live_portal, scenario_data):
    username, password = scenario_data.username(), scenario_data.password()
    live_portal.server.accounts.create_user(username, password)
    LoginPage(page, live_portal.url).open().sign_in(username, password)
    home = HomePage(page, live_portal.url)
    return home.screenshot(), home.qr_position(), home.activation_code()


def _link(code: str) -> str:
    return qr.ActivationPayload(code).to_uri()


@pytest.mark.browser
@pytest.mark.camera
def test_recognition_changes_with_distance_focus_and_lens(portal_screen):
    screen, aim, code = portal_screen
    camera = Camera()
    assert camera.scan(screen, CameraView(distance_cm=25, aim=aim)) == [_link(code)]
    assert camera.scan(screen, CameraView(distance_cm=150, aim=aim)) == [], "too far"
    assert camera.scan(screen, CameraView(distance_cm=3, aim=aim)) == [], "too close"
    assert camera.scan(screen, CameraView(distance_cm=40, aim=aim)) == [_link(code)], "moving closer again"
    assert camera.scan(screen, CameraView(distance_cm=15, focus_distance_cm=60, aim=aim)) == [], "out of focus"
    assert camera.scan(screen, CameraView(distance_cm=25, lens="front", aim=aim)) == [], "front lens"
    assert camera.scan(screen, CameraView(distance_cm=25, tilt_degrees=8, aim=aim)) == [_link(code)]
