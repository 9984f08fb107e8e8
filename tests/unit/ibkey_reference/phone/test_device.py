import pytest

from ibkey_reference.phone.device import Phone
from ibkey_reference.phone.errors import AppNotInstalled, PhoneError


def test_platform_options_are_checked():
    with pytest.raises(ValueError, match="security_element"):
        Phone.ios(security_element="iris")
    with pytest.raises(ValueError, match="passcode"):
        Phone.ios(passcode="")
    with pytest.raises(ValueError, match="Apps & notifications"):
        Phone.android(settings_label="Notifications")


def test_ios_notifications_are_undecided_until_the_first_launch():
    phone = Phone.ios()
    phone.install()
    assert phone.notifications_allowed("IBKR Mobile") is None
    phone.open_app("IBKR Mobile").tap("Don't Allow")
    assert phone.notifications_allowed("IBKR Mobile") is False
    assert phone.open_app("IBKR Mobile").screen.name == "Login"  # asked once; Welcome only the first time


def test_ios_settings_notifications_per_app():
    phone = Phone.ios()
    phone.install(opened_before=True)
    settings = phone.open_app("Settings")
    assert settings.screen.controls == ["Airplane Mode", "Notifications", "Camera"]
    settings.tap("Notifications").tap("IBKR Mobile")
    assert settings.screen.field("Allow Notifications") == "On"
    settings.tap("Allow Notifications")
    assert phone.notifications_allowed("IBKR Mobile") is False


def test_a_passcode_is_only_for_the_passcode_prompt(portal, iphone):
    app = iphone.open_app("IBKR Mobile").tap("Services").tap("Authenticate").tap("Add User")
    app.tap("Setup IB Key using QR code").type("Activation Code", portal.new_code()).tap("Activate IB Key")
    with pytest.raises(PhoneError, match="Face ID prompt is showing"):
        iphone.provide_security_element(passcode="123456")


def test_switching_apps_dismisses_the_prompt(portal, iphone):
    app = iphone.open_app("IBKR Mobile").tap("Services").tap("Authenticate").tap("Add User")
    app.tap("Setup IB Key using QR code").type("Activation Code", portal.new_code()).tap("Activate IB Key")
    iphone.open_app("Settings")
    assert iphone.screen.name == "Settings"
    assert iphone.open_app("IBKR Mobile").screen.name == "Login"


def test_tap_notification_index_is_checked(portal, iphone, enroll):
    enroll(iphone)
    portal.start_login()
    iphone.sync_notifications()
    with pytest.raises(PhoneError, match="there are 1 notifications; index 3"):
        iphone.tap_notification(3)


def test_system_apps_cannot_be_removed(iphone):
    with pytest.raises(AppNotInstalled):
        iphone.uninstall("Camera")


def test_go_home_shows_the_home_screen(iphone):
    iphone.open_app("IBKR Mobile")
    iphone.go_home()
    assert iphone.foreground is None
    assert iphone.screen.name == "Home Screen"
    assert "IBKR Mobile" in iphone.screen.controls


def test_the_notification_centre_screen(portal, android, enroll):
    enroll(android)
    android.swipe_down()
    assert android.screen.lines == ("No notifications",)
    portal.start_login()
    android.sync_notifications()
    assert android.screen.controls == [
        "IBKR Mobile: Login request for alice on the Client Portal. Tap to authenticate."
    ]
    android.tap_notification()
    assert not android.notification_centre_open


def test_a_login_that_needs_ib_key_is_not_completed_by_the_app_login(portal, iphone, enroll):
    enroll(iphone)
    app = iphone.open_app("IBKR Mobile").type("Username", "alice").type("Password", "pw-123456").tap("Log In")
    assert app.screen.name == "Login"
    assert app.screen.error_code == "second_factor_required"
    app.type("Password", "wrong").tap("Log In")
    assert app.screen.error_code == "invalid_credentials"
