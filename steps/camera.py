"""Steps that point a phone camera at the portal as Chromium shows it: real pixels, decoded by pyzbar."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from ibkey_conformance.phone_flows import point_camera
from ibkey_reference.phone.device import Phone


@when("I point the camera at the QR code")
@when("カメラをQRコードに向ける")
def _(phone: Phone, home_page) -> None:
    point_camera(phone, home_page.screenshot(), home_page.qr_position())


@when(parsers.parse("I point the camera at the QR code from {distance:d} cm"))
def _(phone: Phone, home_page, distance: int) -> None:
    point_camera(phone, home_page.screenshot(), home_page.qr_position(), distance_cm=distance)


@when('I turn on "Scan QR Codes" in the Camera settings')
def _(phone: Phone) -> None:
    phone.open_app("Settings").tap("Camera").tap("Scan QR Codes")


@given('"Scan QR Codes" is off in the Camera settings')
def _(phone: Phone) -> None:
    phone.scan_qr_codes = False


@then(parsers.parse('a banner "{banner}" appears at the top of the screen'))
def _(phone: Phone, banner: str) -> None:
    assert phone.screen.controls[0] == banner, f"the Camera shows {phone.screen.controls}"


@then("the camera recognizes no QR code")
def _(phone: Phone) -> None:
    screen = phone.screen
    if screen.name == "Scan QR Code":
        assert "move the phone closer or farther away" in (screen.message or ""), screen.message
    else:
        assert screen.name == "Camera", screen.name
        assert not any(name.startswith("Open in") for name in screen.controls), screen.controls
