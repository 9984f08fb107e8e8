import pytest

from ibkey_reference.phone.camera import CameraView
from ibkey_reference.phone.device import Phone
from ibkey_reference.phone.errors import NotOnScreen

from .conftest import READING_VIEW, qr_page

pytestmark = pytest.mark.ios


def to_setup_via_services(phone):
    app = phone.open_app("IBKR Mobile")
    assert app.screen.name == "Login"
    assert app.screen.widget("Services").position == "top left"
    return app.tap("Services").tap("Authenticate").tap("Add User").tap("Setup IB Key using QR code")


def scan_and_confirm(phone, app, code):
    app.tap("Launch Camera")
    assert app.screen.name == "Camera Permission"
    assert app.screen.controls == ["Don't Allow", "OK"]
    app.tap("OK")
    assert app.screen.name == "Scan QR Code"
    app.scan(qr_page(code), READING_VIEW)
    assert app.screen.name == "Face ID"
    phone.provide_security_element()


def test_1a_login_screen_services_authenticate_add_user_qr_code(portal, iphone):
    code = portal.new_code("alice")
    app = to_setup_via_services(iphone)
    assert app.screen.controls == ["Launch Camera", "Activation Code", "Activate IB Key", "Back"]
    scan_and_confirm(iphone, app, code)
    assert app.screen.name == "Activation Successful"
    assert app.screen.values == {"User": "alice"}
    assert app.screen.controls == ["Done"]
    app.tap("Done")
    assert app.screen.name == "Authenticate"
    assert portal.server.has_ibkey("alice")
    assert portal.server.devices_of("alice")[0].platform == "ios"
    assert app.usernames == ["alice"]


def test_1b_home_more_two_factor_authentication_add_user(portal, iphone):
    portal.user("carol")
    code = portal.new_code("carol")
    app = iphone.open_app("IBKR Mobile")
    app.type("Username", "carol").type("Password", "pw-123456").tap("Log In")
    assert app.screen.name == "Home"
    assert app.screen.controls == ["Home", "Portfolio", "Watchlists", "More"]
    assert app.screen.widget("More").position == "bottom right"
    app.tap("More").tap("Two-Factor Authentication").tap("Add User").tap("Setup IB Key using QR code")
    scan_and_confirm(iphone, app, code)
    assert app.screen.name == "Activation Successful"
    assert iphone.open_app("IBKR Mobile").screen.name == "Home"  # still signed in


def test_typed_activation_code_from_the_app_store_install(portal):
    code = portal.new_code("alice")
    phone = Phone.ios(http=portal.client, security_element="touch_id")
    phone.install("IBKR Mobile")
    app = phone.open_app("IBKR Mobile")
    assert app.screen.name == "Notification Permission"
    app.tap("Allow")
    assert app.screen.name == "Welcome"
    app.tap("Setup IB Key using QR code").type("Activation Code", code.lower().replace("-", " "))
    app.tap("Activate IB Key")
    assert app.screen.name == "Touch ID"
    phone.provide_security_element()
    assert app.screen.name == "Activation Successful"


def test_the_camera_permission_is_asked_once(portal, iphone):
    app = to_setup_via_services(iphone)
    app.tap("Launch Camera").tap("OK").tap("Cancel")
    assert app.tap("Launch Camera").screen.name == "Scan QR Code"


def test_a_denied_camera_leaves_the_typed_code_as_the_way(portal, iphone):
    app = to_setup_via_services(iphone)
    app.tap("Launch Camera").tap("Don't Allow")
    assert app.screen.name == "Setup IB Key using QR code"
    assert app.screen.error_code == "camera_not_allowed"
    assert "Settings > IBKR Mobile > Camera" in app.screen.message


def test_face_id_failure_falls_back_to_the_passcode(portal, iphone):
    code = portal.new_code()
    app = to_setup_via_services(iphone)
    app.type("Activation Code", code).tap("Activate IB Key")
    iphone.provide_security_element(ok=False)
    assert app.screen.name == "Passcode"
    iphone.provide_security_element(passcode="123456")
    assert app.screen.name == "Activation Successful"


def test_no_security_element_no_activation(portal, iphone):
    code = portal.new_code()
    app = to_setup_via_services(iphone)
    app.type("Activation Code", code).tap("Activate IB Key")
    iphone.provide_security_element(ok=False)
    iphone.provide_security_element(passcode="000000")
    assert app.screen.name == "Setup IB Key using QR code"
    assert app.screen.error_code == "security_element_failed"
    assert not portal.server.has_ibkey("alice")


def test_cancelling_face_id_sends_nothing(portal, iphone):
    code = portal.new_code()
    app = to_setup_via_services(iphone)
    app.type("Activation Code", code).tap("Activate IB Key").tap("Cancel")
    assert app.screen.error_code == "security_element_failed"
    assert not portal.server.has_ibkey("alice")


def test_a_passcode_only_iphone(portal):
    code = portal.new_code()
    phone = Phone.ios(http=portal.client, security_element="passcode", passcode="2468")
    phone.install(opened_before=True)
    app = to_setup_via_services(phone)
    app.type("Activation Code", code).tap("Activate IB Key")
    assert app.screen.name == "Passcode"
    phone.provide_security_element(passcode="2468")
    assert app.screen.name == "Activation Successful"


def test_secrets_are_sealed_in_the_keychain(portal, iphone, enroll):
    enroll(iphone)
    enrollment = iphone.ibkr_mobile.authenticator.enrollment("alice")
    assert enrollment.keystore_signing_key is None
    assert enrollment.device_serial == portal.server.devices_of("alice")[0].serial
    secret = portal.server.devices_of("alice")[0].ocra_secret
    assert secret not in enrollment.sealed_keys


def test_a_malformed_typed_code_is_refused_before_any_prompt(iphone):
    app = to_setup_via_services(iphone)
    app.type("Activation Code", "ABCD-EFGH").tap("Activate IB Key")
    assert app.screen.name == "Setup IB Key using QR code"
    assert app.screen.error_code == "activation_code_invalid"
    assert "12 characters" in app.screen.message


class TestScanning:
    def test_a_qr_code_that_is_not_an_activation_link_keeps_scanning_with_a_hint(self, portal, iphone):
        import qrcode

        other = qrcode.make("https://example.com/menu").get_image().convert("RGB")
        app = to_setup_via_services(iphone).tap("Launch Camera").tap("OK")
        app.scan(other, CameraView(distance_cm=30))
        assert app.screen.name == "Scan QR Code"
        assert app.screen.error_code == "qr_not_activation_link"

    def test_too_far_nothing_is_recognized_and_it_keeps_scanning(self, portal, iphone):
        code = portal.new_code()
        app = to_setup_via_services(iphone).tap("Launch Camera").tap("OK")
        app.scan(qr_page(code), CameraView(distance_cm=150))
        assert app.screen.name == "Scan QR Code"
        assert "closer or farther" in app.screen.message
        app.scan(qr_page(code), READING_VIEW)
        assert app.screen.name == "Face ID"

    def test_the_front_lens_sees_no_code(self, portal, iphone):
        app = to_setup_via_services(iphone).tap("Launch Camera").tap("OK")
        app.scan(qr_page(portal.new_code()), CameraView(lens="front"))
        assert app.screen.name == "Scan QR Code"

    def test_scanning_off_the_camera_screen_is_refused(self, iphone):
        app = iphone.open_app("IBKR Mobile")
        with pytest.raises(NotOnScreen, match="'Login'"):
            app.scan(qr_page("ABCD-EFGH-JK23"), READING_VIEW)


class TestErrorScreens:
    def error_screen(self, phone, code):
        app = to_setup_via_services(phone)
        app.type("Activation Code", code).tap("Activate IB Key")
        phone.provide_security_element()
        assert app.screen.name == "Activation Failed"
        assert app.screen.controls == ["OK"]
        return app

    def test_unknown_code(self, iphone):
        app = self.error_screen(iphone, "ABCD-EFGH-JK23")
        assert app.screen.error_code == "activation_code_unknown"
        assert app.screen.values == {"Error": "activation_code_unknown"}
        app.tap("OK")
        assert app.screen.name == "Setup IB Key using QR code"

    def test_expired_code(self, portal, iphone):
        code = portal.new_code()
        portal.clock.advance(minutes=16)
        app = self.error_screen(iphone, code)
        assert app.screen.error_code == "activation_code_expired"
        assert "log back in" in app.screen.message

    def test_used_code(self, portal, iphone, enroll):
        code = portal.new_code("alice")
        first = Phone.ios(http=portal.client)
        first.install(opened_before=True)
        to_setup_via_services(first).type("Activation Code", code).tap("Activate IB Key")
        first.provide_security_element()
        app = self.error_screen(iphone, code)
        assert app.screen.error_code == "activation_code_used"

    def test_already_enrolled(self, portal, iphone, enroll):
        first = Phone.ios(http=portal.client)
        first.install(opened_before=True)
        enroll(first, "alice")
        alice = portal.user("alice")
        serial = first.ibkr_mobile.authenticator.enrollment("alice").device_serial
        portal.server.passcodes.issue_temporary_passcode(alice)
        code = portal.new_code("alice")
        portal.server.passcodes.reactivate_device(alice, serial)
        app = self.error_screen(iphone, code)
        assert app.screen.error_code == "activation_already_enrolled"
        assert "already" in app.screen.message


class TestWrongTaps:
    @pytest.mark.parametrize(
        ("path", "wrong", "screen", "controls"),
        [
            ((), "Authenticate", "Login", ["Services", "Username", "Password", "Log In"]),
            ((), "More", "Login", ["Services", "Username", "Password", "Log In"]),
            (("Services",), "Add User", "Services", ["Authenticate", "Back"]),
            (("Services", "Authenticate"), "Setup IB Key using QR code", "Authenticate", ["Add User", "Back"]),
            (("Services", "Authenticate", "Add User"), "Launch Camera", "Add User",
             ["Setup IB Key using QR code", "Back"]),
            (("Services", "Authenticate", "Add User", "Setup IB Key using QR code"), "QR CODE",
             "Setup IB Key using QR code", ["Launch Camera", "Activation Code", "Activate IB Key", "Back"]),
            (("Services", "Authenticate", "Add User", "Setup IB Key using QR code", "Launch Camera"), "Allow",
             "Camera Permission", ["Don't Allow", "OK"]),
        ],
    )
    def test_the_message_names_the_screen_and_its_controls(self, iphone, path, wrong, screen, controls):
        app = iphone.open_app("IBKR Mobile")
        for control in path:
            app.tap(control)
        with pytest.raises(NotOnScreen) as caught:
            app.tap(wrong)
        error = caught.value
        assert (error.screen, error.control, error.controls) == (screen, wrong, controls)
        assert f"cannot tap {wrong!r}: the IBKR Mobile screen {screen!r} is showing" in str(error)
        assert all(repr(control) in str(error) for control in controls)

    def test_android_labels_are_not_on_ios_screens(self, portal, iphone):
        app = to_setup_via_services(iphone)
        with pytest.raises(NotOnScreen, match="'Session ID'"):
            app.type("Session ID", portal.new_code())

    def test_typing_into_a_button_is_refused(self, iphone):
        with pytest.raises(NotOnScreen, match=r"cannot type into 'Services'.*'Username', 'Password'"):
            iphone.open_app("IBKR Mobile").type("Services", "x")

    def test_done_is_spelled_the_ios_way(self, portal, iphone, enroll):
        app = enroll(iphone)
        with pytest.raises(NotOnScreen, match="'Done'"):
            app.tap("DONE")
