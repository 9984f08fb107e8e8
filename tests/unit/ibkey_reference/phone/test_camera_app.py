import pytest
import qrcode

from ibkey_reference.phone.camera import CameraView
from ibkey_reference.phone.device import Phone
from ibkey_reference.phone.errors import NotOnScreen
from ibkey_reference.phone.ibkr_mobile import IBKRMobile

from .conftest import READING_VIEW, qr_page

SAFARI_BANNER = "Open in Safari — ibkr.com"


def test_camera_app_path_with_the_app_store_detour(portal):
    code = portal.new_code("alice")
    page = qr_page(code)
    phone = Phone.ios(name="Alice's iPhone", http=portal.client)

    camera = phone.open_app("Camera").scan(page, READING_VIEW)
    assert camera.screen.controls == [SAFARI_BANNER, "Switch Camera"]
    assert camera.screen.widget(SAFARI_BANNER).position == "top"
    store = camera.tap(SAFARI_BANNER)
    assert store.name == "App Store"
    assert store.screen.name == "IBKR Mobile"
    assert store.screen.values["Publisher"] == "Interactive Brokers LLC"
    store.tap("GET")
    phone.provide_security_element()
    assert "OPEN" in store.screen.controls  # installed; the seed says not to open it now

    camera = phone.open_app("Camera").scan(page, READING_VIEW)
    assert camera.screen.controls == ["Open in IBKR Mobile", "Switch Camera"]
    app = camera.tap("Open in IBKR Mobile")
    assert isinstance(app, IBKRMobile)
    assert app.screen.name == "Notification Permission"
    assert app.screen.controls == ["Don't Allow", "Allow"]
    app.tap("Allow")
    assert app.screen.name == "Face ID"
    phone.provide_security_element()
    assert app.screen.name == "Activation Successful"
    app.tap("Done")
    assert portal.server.has_ibkey("alice")
    assert phone.notifications_allowed("IBKR Mobile") is True


def test_dont_allow_notifications_still_activates(portal):
    phone = Phone.ios(http=portal.client)
    phone.install()
    camera = phone.open_app("Camera").scan(qr_page(portal.new_code()), READING_VIEW)
    app = camera.tap("Open in IBKR Mobile").tap("Don't Allow")
    phone.provide_security_element()
    assert app.screen.name == "Activation Successful"
    assert phone.notifications_allowed("IBKR Mobile") is False


def test_an_app_opened_before_goes_straight_to_the_security_element(portal, iphone):
    camera = iphone.open_app("Camera").scan(qr_page(portal.new_code()), READING_VIEW)
    app = camera.tap("Open in IBKR Mobile")
    assert app.screen.name == "Face ID"


def test_scan_qr_codes_off_finds_nothing(portal, iphone):
    iphone.scan_qr_codes = False
    camera = iphone.open_app("Camera").scan(qr_page(portal.new_code()), READING_VIEW)
    assert camera.screen.controls == ["Switch Camera"]


def test_turning_scan_qr_codes_on_in_settings(portal, iphone):
    iphone.scan_qr_codes = False
    settings = iphone.open_app("Settings").tap("Camera")
    assert settings.screen.field("Scan QR Codes") == "Off"
    settings.tap("Scan QR Codes")
    assert iphone.scan_qr_codes
    camera = iphone.open_app("Camera").scan(qr_page(portal.new_code()), READING_VIEW)
    assert camera.screen.controls[0] == "Open in IBKR Mobile"


def test_the_front_lens_finds_nothing_until_switched(portal, iphone):
    page = qr_page(portal.new_code())
    camera = iphone.open_app("Camera").tap("Switch Camera")
    assert camera.screen.values == {"Lens": "front"}
    camera.scan(page)
    assert camera.screen.controls == ["Switch Camera"]
    camera.tap("Switch Camera").scan(page, CameraView(distance_cm=25))
    assert camera.screen.controls[0] == "Open in IBKR Mobile"


def test_a_view_for_the_other_lens_is_refused(iphone):
    camera = iphone.open_app("Camera")
    with pytest.raises(ValueError, match="tap 'Switch Camera'"):
        camera.scan(qr_page("ABCD-EFGH-JK23"), CameraView(lens="front"))


def test_other_links_open_in_safari(iphone):
    other = qrcode.make("https://example.com/menu").get_image().convert("RGB")
    camera = iphone.open_app("Camera").scan(other, CameraView(distance_cm=30))
    browser = camera.tap("Open in Safari — example.com")
    assert browser.name == "Safari"
    assert browser.screen.values == {"Address": "https://example.com/menu"}


def test_a_banner_is_not_there_before_a_code_is_seen(iphone):
    with pytest.raises(NotOnScreen, match=r"'Camera'.*'Switch Camera'"):
        iphone.open_app("Camera").tap("Open in IBKR Mobile")


def test_android_camera_opens_the_form_with_the_session_id(portal, android):
    code = portal.new_code()
    app = android.open_app("Camera").scan(qr_page(code), READING_VIEW).tap("Open in IBKR Mobile")
    assert app.screen.name == "Activate IB Key"
    assert app.screen.field("Session ID") == code


def test_android_camera_without_the_app_goes_to_the_play_store(portal):
    phone = Phone.android()
    camera = phone.open_app("Camera").scan(qr_page(portal.new_code()), READING_VIEW)
    store = camera.tap("Open in Chrome — ibkr.com")
    assert store.name == "Play Store"
    assert store.screen.values["Publisher"] == "Interactive Brokers Group"
