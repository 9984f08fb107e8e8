"""An iPhone activates IB Key from the QR code the portal shows in Chromium, then logs in by push and by
challenge/response: everything over real HTTP to the portal under uvicorn."""

import pytest

from ibkey_conformance.pages import HomePage, LoginPage
from ibkey_reference.phone.camera import CameraView
from ibkey_reference.phone.device import Phone


@pytest.mark.browser
@pytest.mark.camera
@pytest.mark.ios
def test_iphone_activates_from_the_portal_qr_then_logs_in_by_push_and_by_challenge(
    page, live_portal, phone_http, scenario_data
):
    username, password = scenario_data.username(), scenario_data.password()
    live_portal.server.accounts.create_user(username, password)
    login_page = LoginPage(page, live_portal.url).open()
    login_page.sign_in(username, password)
    home = HomePage(page, live_portal.url)
    screen_image = home.screenshot()

    iphone = Phone.ios(name=scenario_data.device_name("ios"), http=phone_http)
    iphone.install("IBKR Mobile", opened_before=True)
    app = iphone.open_app("IBKR Mobile").tap("Services").tap("Authenticate").tap("Add User")
    app.tap("Setup IB Key using QR code").tap("Launch Camera").tap("OK")
    app.scan(screen_image, CameraView(distance_cm=25, aim=home.qr_position()))
    iphone.provide_security_element(ok=True)
    assert app.screen.name == "Activation Successful"
    app.tap("Done")
    assert live_portal.server.has_ibkey(username)

    home.log_out()
    login_page.sign_in(username, password)
    assert login_page.is_waiting_for_push()
    iphone.sync_notifications(wait=5)
    iphone.tap_notification(0)
    iphone.provide_security_element(ok=True)
    login_page.wait_until_push_approved()
    assert home.logged_in_as() == username

    home.log_out()
    login_page.sign_in(username, password)
    challenge = login_page.ask_for_challenge()
    app = iphone.open_app("IBKR Mobile").tap("Services").tap("Authenticate")
    app.type("Challenge", challenge).tap("Generate Response")
    iphone.provide_security_element(ok=True)
    response = app.screen.values["Response"]
    assert len(response) == 8 and response.isdigit()
    login_page.enter_response(response)
    assert home.logged_in_as() == username
