import pytest

from ibkey_reference.crypto import TEST_COST
from ibkey_reference.phone.device import Phone
from ibkey_reference.phone.errors import NotOnScreen
from ibkey_reference.phone.ibkr_mobile.pin import PIN_RULE

from .conftest import READING_VIEW, qr_page

pytestmark = pytest.mark.android

FORM = ["Session ID", "QR CODE", "Create PIN", "+PIN Guidelines", "ACTIVATE", "Back"]


def to_form(phone):
    app = phone.open_app("IBKR Mobile")
    assert app.screen.name == "Login"
    app.tap("Services").tap("Authenticate").tap("Add User")
    assert app.screen.name == "Activate IB Key"
    assert app.screen.controls == FORM
    return app


def test_session_id_and_pin_then_activate_and_done(portal, android):
    code = portal.new_code("alice")
    app = to_form(android).type("Session ID", code).type("Create PIN", "a1#9")
    app.tap("ACTIVATE")
    assert app.screen.name == "Activation Successful"
    assert app.screen.controls == ["DONE"]
    app.tap("DONE")
    assert app.screen.name == "Authenticate"
    device = portal.server.devices_of("alice")[0]
    assert device.platform == "android"
    assert device.name == "Alice's Android"


def test_qr_code_allow_scan_then_pin(portal, android):
    code = portal.new_code("alice")
    app = to_form(android).tap("QR CODE")
    assert app.screen.name == "Camera Permission"
    assert app.screen.controls == ["Deny", "Allow"]
    app.tap("Allow")
    assert app.screen.name == "Scan QR Code"
    app.scan(qr_page(code), READING_VIEW)
    assert app.screen.name == "Activate IB Key"
    assert app.screen.field("Session ID") == code
    app.type("Create PIN", "123456").tap("ACTIVATE")
    assert app.screen.name == "Activation Successful"


def test_1b_home_more_two_factor_authentication_add_user(portal, android):
    portal.user("carol")
    code = portal.new_code("carol")
    app = android.open_app("IBKR Mobile")
    app.type("Username", "carol").type("Password", "pw-123456").tap("Log In")
    app.tap("More").tap("Two-Factor Authentication").tap("Add User")
    app.type("Session ID", code).type("Create PIN", "9999").tap("ACTIVATE")
    assert app.screen.name == "Activation Successful"


def test_the_secret_is_sealed_under_the_pin(portal, android, enroll):
    enroll(android, pin="4321")
    enrollment = android.ibkr_mobile.authenticator.enrollment("alice")
    assert enrollment.keystore_signing_key is None
    device = portal.server.devices_of("alice")[0]
    assert device.ocra_secret not in enrollment.sealed_keys
    import hashlib

    assert device.pin_hash == hashlib.sha1(b"4321").digest()


def test_with_a_fingerprint_the_signing_key_is_also_in_the_keystore(portal):
    phone = Phone.android(http=portal.client, pin_cost=TEST_COST, fingerprint=True)
    phone.install(opened_before=True)
    app = to_form(phone).type("Session ID", portal.new_code()).type("Create PIN", "1234").tap("ACTIVATE")
    assert app.screen.name == "Activation Successful"
    assert phone.ibkr_mobile.authenticator.enrollment("alice").keystore_signing_key is not None


def test_the_android_app_asks_no_notification_permission(portal):
    phone = Phone.android(http=portal.client, pin_cost=TEST_COST)
    phone.install()
    assert phone.open_app("IBKR Mobile").screen.name == "Login"
    assert phone.notifications_allowed("IBKR Mobile") is True


class TestPinRuleOnScreen:
    @pytest.mark.parametrize("pin", ["123", "1234567", "", "12 34", "pïn1"])
    def test_a_pin_breaking_the_rule_is_refused_naming_the_rule(self, portal, android, pin):
        code = portal.new_code()
        app = to_form(android).type("Session ID", code).type("Create PIN", pin).tap("ACTIVATE")
        assert app.screen.name == "Activate IB Key"
        assert app.screen.error_code == "pin_invalid"
        assert PIN_RULE in app.screen.message
        assert app.screen.field("Session ID") == code
        assert not portal.server.has_ibkey("alice")

    @pytest.mark.parametrize("pin", ["1234", "abcdef", "A!b@", "#$%^&*"])
    def test_a_pin_within_the_rule_activates(self, portal, android, pin):
        app = to_form(android).type("Session ID", portal.new_code()).type("Create PIN", pin).tap("ACTIVATE")
        assert app.screen.name == "Activation Successful"

    def test_pin_guidelines(self, android):
        app = to_form(android).type("Create PIN", "12").tap("+PIN Guidelines")
        assert app.screen.name == "PIN Guidelines"
        assert PIN_RULE in app.screen.lines
        app.tap("OK")
        assert app.screen.name == "Activate IB Key"

    def test_the_pin_is_never_shown(self, android):
        app = to_form(android).type("Create PIN", "s3cr#t")
        html = app.screen.to_html()
        assert "s3cr#t" not in html
        assert "••••••" in html


class TestErrorScreens:
    def activate(self, phone, code):
        app = to_form(phone).type("Session ID", code).type("Create PIN", "1234").tap("ACTIVATE")
        assert app.screen.name == "Activation Failed"
        return app

    def test_unknown(self, android):
        app = self.activate(android, "ABCD-EFGH-JK23")
        assert app.screen.error_code == "activation_code_unknown"
        app.tap("OK")
        assert app.screen.field("Session ID") == "ABCD-EFGH-JK23"

    def test_expired(self, portal, android):
        code = portal.new_code()
        portal.clock.advance(minutes=16)
        assert self.activate(android, code).screen.error_code == "activation_code_expired"

    def test_used(self, portal, android):
        code = portal.new_code()
        other = Phone.android(http=portal.client, pin_cost=TEST_COST)
        other.install(opened_before=True)
        to_form(other).type("Session ID", code).type("Create PIN", "1234").tap("ACTIVATE")
        assert self.activate(android, code).screen.error_code == "activation_code_used"

    def test_already_enrolled(self, portal, android, enroll):
        other = Phone.android(http=portal.client, pin_cost=TEST_COST)
        other.install(opened_before=True)
        enroll(other)
        alice = portal.user("alice")
        portal.server.passcodes.issue_temporary_passcode(alice)
        code = portal.new_code("alice")
        serial = other.ibkr_mobile.authenticator.enrollment("alice").device_serial
        portal.server.passcodes.reactivate_device(alice, serial)
        app = self.activate(android, code)
        assert app.screen.error_code == "activation_already_enrolled"
        html = app.screen.to_html()
        assert "activation_already_enrolled" in html

    def test_a_malformed_session_id_stays_on_the_form(self, portal, android):
        app = to_form(android).type("Session ID", "HELLO").type("Create PIN", "1234").tap("ACTIVATE")
        assert app.screen.name == "Activate IB Key"
        assert app.screen.error_code == "activation_code_invalid"


class TestWrongTaps:
    def test_ios_labels_are_not_on_android_screens(self, android):
        app = to_form(android)
        with pytest.raises(NotOnScreen) as caught:
            app.tap("Launch Camera")
        assert caught.value.controls == FORM
        assert "'Activate IB Key'" in str(caught.value)
        with pytest.raises(NotOnScreen, match="'Activation Code'"):
            app.type("Activation Code", "x")
        with pytest.raises(NotOnScreen, match="'Activate IB Key'"):
            app.tap("Activate IB Key")

    def test_camera_alert_has_allow_not_ok(self, android):
        app = to_form(android).tap("QR CODE")
        with pytest.raises(NotOnScreen, match="'Deny', 'Allow'"):
            app.tap("OK")

    def test_done_is_upper_case(self, android, enroll):
        app = enroll(android)
        with pytest.raises(NotOnScreen, match="'DONE'"):
            app.tap("Done")

    def test_a_denied_camera(self, android):
        app = to_form(android).tap("QR CODE").tap("Deny")
        assert app.screen.error_code == "camera_not_allowed"
        assert app.tap("QR CODE").screen.name == "Activate IB Key"
