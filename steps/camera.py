"""Steps that point a phone camera at the portal as Chromium shows it: real pixels, decoded by pyzbar."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from ibkey_conformance.checks import Contains, checks
from ibkey_conformance.phone_flows import point_camera
from ibkey_reference.phone.device import Phone

BANNER_CLAUSES = {  # the banner a step expects -> the clauses its appearing checks
    "Open in Safari — ibkr.com": ("CAM-4", "CAM-5", "CAM-QR-LINK"),
    "Open in IBKR Mobile": ("CAM-4", "CAM-8", "QR-SCAN-SETTING", "QR-LENS"),
}
NO_CODE_CLAUSES = ("QR-SCAN-SETTING", "QR-LENS", "QR-DISTANCE")


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
@checks(*sorted({clause for clauses in BANNER_CLAUSES.values() for clause in clauses}))
def _(phone: Phone, banner: str, check) -> None:
    top = phone.screen.controls[0] if phone.screen.controls else None
    check("the banner at the top of the Camera", banner, top, clauses=BANNER_CLAUSES.get(banner, ()))


@then("the camera recognizes no QR code")
@checks(*NO_CODE_CLAUSES)
def _(phone: Phone, check) -> None:
    screen = phone.screen
    if screen.name == "Scan QR Code":
        check("the scanner's hint", Contains("move the phone closer or farther away"), screen.message or "")
    else:
        check("the app in front", "Camera", screen.name)
        check("banners offering to open the code", [], [name for name in screen.controls if name.startswith("Open in")])
