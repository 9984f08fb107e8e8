import pytest

from ibkey_reference.phone.errors import NotAnOption, NotOnScreen


def generate(phone, challenge, *, user=None, pin=None):
    app = phone.open_app("IBKR Mobile").tap("Services").tap("Authenticate")
    if user is not None:
        app.choose("User", user)
    if pin is not None:
        app.type("PIN", pin)
    app.type("Challenge", challenge).tap("Generate Response")
    if phone.platform == "ios" and app.screen.name == "Face ID":
        phone.provide_security_element()
    return app


def test_ios_challenge_face_id_response_completes_the_login(portal, iphone, enroll):
    enroll(iphone)
    login = portal.start_login()
    challenge = portal.challenge(login)
    app = iphone.open_app("IBKR Mobile").tap("Services").tap("Authenticate")
    assert app.screen.controls == ["Challenge", "Generate Response", "Add User", "Back"]
    app.type("Challenge", challenge).tap("Generate Response")
    assert app.screen.name == "Face ID"
    iphone.provide_security_element()
    assert app.screen.name == "Response"
    response = app.screen.values["Response"]
    assert len(response) == 8 and response.isdigit()
    assert response in app.screen.to_html()
    assert portal.respond(login, response)["state"] == "complete"


def test_android_challenge_pin_response_completes_the_login(portal, android, enroll):
    enroll(android, pin="7531")
    login = portal.start_login()
    app = android.open_app("IBKR Mobile").tap("Services").tap("Authenticate")
    assert app.screen.controls == ["PIN", "Challenge", "Generate Response", "Add User", "Back"]
    app = generate(android, portal.challenge(login), pin="7531")
    assert app.screen.name == "Response"
    assert app.screen.controls == ["DONE"]
    assert portal.respond(login, app.screen.values["Response"])["state"] == "complete"
    assert "7531" not in app.screen.to_html()


def test_android_wrong_pin_no_response(portal, android, enroll):
    enroll(android, pin="7531")
    app = generate(android, portal.challenge(portal.start_login()), pin="1357")
    assert app.screen.name == "Authenticate"
    assert app.screen.error_code == "pin_wrong"
    assert android.ibkr_mobile.authenticator.enrollment("alice").counter == 0


def test_the_counter_advances_on_phone_and_server(portal, iphone, enroll):
    enroll(iphone)
    responses = []
    for expected_counter in (1, 2, 3):
        login = portal.start_login()
        app = generate(iphone, portal.challenge(login))
        responses.append(app.screen.values["Response"])
        assert portal.respond(login, responses[-1])["state"] == "complete"
        assert iphone.ibkr_mobile.authenticator.enrollment("alice").counter == expected_counter
        assert portal.device_counter("alice") == expected_counter


def test_a_response_is_single_use(portal, iphone, enroll):
    enroll(iphone)
    first = portal.start_login()
    challenge = portal.challenge(first)
    answer = generate(iphone, challenge).screen.values["Response"]
    assert portal.respond(first, answer)["state"] == "complete"
    second = portal.start_login()
    portal.challenge(second)
    assert portal.respond(second, answer).get("state") != "complete"


def test_challenge_response_works_offline(portal, iphone, enroll):
    enroll(iphone)
    login = portal.start_login()
    iphone.set_network(False)
    app = generate(iphone, portal.challenge(login))
    assert portal.respond(login, app.screen.values["Response"])["state"] == "complete"


def test_two_users_on_one_phone(portal, iphone, enroll):
    enroll(iphone, "alice")
    app = enroll(iphone, "bob")
    app.tap("Done")
    assert app.screen.controls[0] == "User"
    assert app.screen.widget("User").options == ("alice", "bob")
    with pytest.raises(NotAnOption, match="'carol'"):
        app.choose("User", "carol")
    for user in ("bob", "alice"):
        login = portal.start_login(user)
        answer = generate(iphone, portal.challenge(login), user=user).screen.values
        assert answer["User"] == user
        assert portal.respond(login, answer["Response"])["state"] == "complete"
    assert iphone.ibkr_mobile.usernames == ["alice", "bob"]


def test_two_users_on_one_android(portal, android, enroll):
    enroll(android, "alice", pin="1111")
    enroll(android, "bob", pin="2222")
    login = portal.start_login("bob")
    app = generate(android, portal.challenge(login), user="bob", pin="1111")
    assert app.screen.error_code == "pin_wrong"  # alice's PIN does not open bob's keys
    app = generate(android, portal.challenge(login), user="bob", pin="2222")
    assert portal.respond(login, app.screen.values["Response"])["state"] == "complete"


@pytest.mark.parametrize("challenge", ["", "12a456", "123", "1234567"])
def test_a_bad_challenge_is_refused_before_face_id(portal, iphone, enroll, challenge):
    enroll(iphone)
    app = generate(iphone, challenge)
    assert app.screen.name == "Authenticate"
    assert app.screen.error_code == "challenge_invalid"


def test_no_face_id_no_response(portal, iphone, enroll):
    enroll(iphone)
    app = iphone.open_app("IBKR Mobile").tap("Services").tap("Authenticate")
    app.type("Challenge", "123456").tap("Generate Response").tap("Cancel")
    assert app.screen.error_code == "security_element_failed"
    assert iphone.ibkr_mobile.authenticator.enrollment("alice").counter == 0


def test_no_challenge_field_before_any_enrollment(iphone):
    app = iphone.open_app("IBKR Mobile").tap("Services").tap("Authenticate")
    with pytest.raises(NotOnScreen, match="'Add User', 'Back'"):
        app.type("Challenge", "123456")
