import pytest

from ibkey_reference.crypto import TEST_COST
from ibkey_reference.phone.device import Phone
from ibkey_reference.phone.errors import NoSecurityPrompt, PhoneError


def test_ios_push_with_face_id_completes_the_login(portal, iphone, enroll):
    enroll(iphone)
    login = portal.start_login("alice")
    assert login["state"] == "push_wait"
    delivered = iphone.sync_notifications()
    assert [n.body for n in delivered] == ["Login request for alice on the Client Portal. Tap to authenticate."]
    assert iphone.swipe_down() == delivered
    assert iphone.screen.name == "Notification Centre"
    app = iphone.tap_notification(0)
    assert app.screen.name == "Face ID"
    iphone.provide_security_element()
    assert app.screen.name == "Authentication Complete"
    assert app.screen.values == {"User": "alice"}
    assert portal.state(login) == "complete"
    assert iphone.notification_centre == []


def test_each_notification_is_delivered_once(portal, iphone, enroll):
    enroll(iphone)
    portal.start_login("alice")
    assert len(iphone.sync_notifications()) == 1
    assert iphone.sync_notifications() == []
    portal.start_login("alice")
    assert len(iphone.sync_notifications()) == 1
    assert len(iphone.swipe_down()) == 2


@pytest.mark.parametrize("element", ["touch_id", "passcode"])
def test_ios_push_with_touch_id_or_passcode(portal, enroll, element):
    phone = Phone.ios(http=portal.client, security_element=element)
    phone.install(opened_before=True)
    enroll(phone)
    login = portal.start_login()
    phone.sync_notifications()
    app = phone.tap_notification()
    assert app.screen.name == {"touch_id": "Touch ID", "passcode": "Passcode"}[element]
    phone.provide_security_element()
    assert portal.state(login) == "complete"


@pytest.mark.parametrize("element", ["face_id", "touch_id"])
def test_ios_push_with_face_id_or_touch_id_switched_off_asks_for_the_passcode(portal, enroll, element):
    phone = Phone.ios(http=portal.client, security_element=element)
    phone.install(opened_before=True)
    enroll(phone)
    phone.set_biometrics(False)
    assert (phone.security_element, phone.security_element_in_use) == (element, "passcode")
    login = portal.start_login()
    phone.sync_notifications()
    app = phone.tap_notification()
    assert app.screen.name == "Passcode"
    assert phone.security_element_name == "the passcode"
    phone.provide_security_element()
    assert portal.state(login) == "complete"


def test_ios_failed_face_id_and_passcode_send_nothing_then_try_again(portal, iphone, enroll):
    enroll(iphone)
    login = portal.start_login()
    iphone.sync_notifications()
    app = iphone.tap_notification()
    iphone.provide_security_element(ok=False)
    iphone.provide_security_element(ok=False)
    assert app.screen.name == "Login Request"
    assert app.screen.error_code == "security_element_failed"
    assert portal.state(login) == "push_wait"
    app.tap("Try Again")
    iphone.provide_security_element()
    assert portal.state(login) == "complete"


def test_android_push_with_the_pin(portal, android, enroll):
    enroll(android, pin="5678")
    login = portal.start_login()
    android.sync_notifications()
    assert android.swipe_down()[0].title == "IBKR Mobile"
    assert android.screen.name == "Notifications"
    app = android.tap_notification()
    assert app.screen.name == "Login Request"
    assert app.screen.controls == ["PIN", "OK", "Cancel"]
    app.type("PIN", "0000").tap("OK")
    assert app.screen.error_code == "pin_wrong"
    assert portal.state(login) == "push_wait"
    app.type("PIN", "5678").tap("OK")
    assert app.screen.name == "Authentication Complete"
    assert app.screen.controls == ["DONE"]
    assert portal.state(login) == "complete"


def test_android_push_with_a_fingerprint(portal, enroll):
    phone = Phone.android(http=portal.client, pin_cost=TEST_COST, fingerprint=True)
    phone.install(opened_before=True)
    enroll(phone)
    login = portal.start_login()
    phone.sync_notifications()
    app = phone.tap_notification()
    assert app.screen.name == "Fingerprint"
    assert app.screen.controls == ["Use PIN", "Cancel"]
    phone.provide_security_element()
    assert portal.state(login) == "complete"


def test_android_fingerprint_not_recognized_falls_back_to_the_pin(portal, enroll):
    phone = Phone.android(http=portal.client, pin_cost=TEST_COST, fingerprint=True)
    phone.install(opened_before=True)
    enroll(phone, pin="2580")
    login = portal.start_login()
    phone.sync_notifications()
    app = phone.tap_notification()
    phone.provide_security_element(ok=False)
    assert app.screen.name == "Login Request"
    assert "PIN" in app.screen.controls
    app.type("PIN", "2580").tap("OK")
    assert portal.state(login) == "complete"


def test_notifications_not_allowed_nothing_arrives(portal, iphone, enroll):
    enroll(iphone)
    iphone.set_notifications_allowed("IBKR Mobile", False)
    portal.start_login()
    assert iphone.sync_notifications() == []
    assert iphone.swipe_down() == []
    with pytest.raises(PhoneError, match="no notification to tap"):
        iphone.tap_notification()


def test_network_off_nothing_arrives_until_it_is_back(portal, iphone, enroll):
    enroll(iphone)
    iphone.set_network(False)
    login = portal.start_login()
    assert iphone.sync_notifications() == []
    iphone.set_network(True)
    iphone.sync_notifications()
    iphone.tap_notification()
    iphone.provide_security_element()
    assert portal.state(login) == "complete"


def test_network_lost_before_the_approval(portal, iphone, enroll):
    enroll(iphone)
    login = portal.start_login()
    iphone.sync_notifications()
    app = iphone.tap_notification()
    iphone.set_network(False)
    iphone.provide_security_element()
    assert app.screen.error_code == "no_network"
    assert "Try Again" in app.screen.controls
    assert portal.state(login) == "push_wait"


def test_android_notifications_off_via_the_settings_label(portal, enroll):
    phone = Phone.android(http=portal.client, pin_cost=TEST_COST, settings_label="Sound & notifications")
    phone.install(opened_before=True)
    enroll(phone)
    settings = phone.open_app("Settings")
    assert settings.screen.controls == ["Airplane Mode", "Sound & notifications"]
    settings.tap("Sound & notifications").tap("IBKR Mobile").tap("Show notifications")
    assert phone.notifications_allowed("IBKR Mobile") is False
    portal.start_login()
    assert phone.sync_notifications() == []
    settings.tap("Show notifications")
    assert len(phone.sync_notifications()) == 1


def test_airplane_mode_in_settings(iphone):
    iphone.open_app("Settings").tap("Airplane Mode")
    assert not iphone.network_on


def test_an_expired_push_shows_the_servers_code(portal, iphone, enroll):
    enroll(iphone)
    portal.start_login()
    iphone.sync_notifications()
    portal.clock.advance(minutes=4)
    app = iphone.tap_notification()
    iphone.provide_security_element()
    assert app.screen.name == "Login Request"
    assert app.screen.error_code == "transaction_expired"


def test_the_approval_uses_the_enrolled_user_of_the_notification(portal, iphone, enroll):
    enroll(iphone, "alice")
    enroll(iphone, "bob")
    login = portal.start_login("bob")
    iphone.sync_notifications()
    app = iphone.tap_notification()
    assert app.screen.lines == ("Approve the login of bob",)
    iphone.provide_security_element()
    assert portal.state(login) == "complete"


def test_after_a_reinstall_the_old_enrollment_is_gone(portal, iphone, enroll):
    enroll(iphone)
    old_address = iphone.ibkr_mobile.push_address
    iphone.uninstall("IBKR Mobile")
    iphone.install(opened_before=True)
    assert iphone.ibkr_mobile.push_address != old_address
    portal.start_login()
    assert iphone.sync_notifications() == []  # the server still pushes to the old address


def test_providing_a_security_element_nobody_asked_for(iphone):
    with pytest.raises(NoSecurityPrompt, match="nothing is asking"):
        iphone.provide_security_element()
