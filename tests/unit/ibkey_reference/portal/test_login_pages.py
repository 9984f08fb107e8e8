"""The Client Portal login in a real Chromium: every second factor, the IB Key banner, every error in en and ja."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import Page

from ibkey_conformance.live_portal import LivePortal
from ibkey_conformance.pages import HomePage, LoginPage
from ibkey_conformance.scenario_data import ScenarioData
from ibkey_reference import qr
from ibkey_reference.portal.i18n import ERRORS, TEXTS
from ibkey_reference.server import User
from ibkey_reference.server.errors import InvalidCredentials

from .account import Account
from .device_double import PhoneDouble

pytestmark = pytest.mark.browser

LANGUAGES = pytest.mark.parametrize("lang", ["en", pytest.param("ja", marks=pytest.mark.ja)])

# The words a person sees: English from the real portal (automation compares them), Japanese from the seed.
MESSAGES = {
    "en": {
        "invalid_credentials": "Invalid username password combination",
        "login_failed": "Login failed",
        "invalid_characters": "Invalid characters in username",
        "temporary_passcode_expired": "Your temporary passcode has expired",
        "security_card_expired": "Your online security card has expired",
    },
    "ja": {
        "invalid_credentials": "無効なユーザー名とパスワードの組み合わせ",
        "login_failed": "ログインに失敗しました",
        "invalid_characters": "文字が正しくありません",
        "temporary_passcode_expired": "テンポラリー・パスコードの有効期限が切れました",
        "security_card_expired": "オンライン・セキュリティカードの有効期限が切れました",
    },
}
LOCKOUT_PERIOD_WORDS = {"en": "24 hours", "ja": "24時間"}


@pytest.fixture
def account(live_portal: LivePortal, scenario_data: ScenarioData) -> Account:
    password = scenario_data.password()
    return Account(live_portal.server.accounts.create_user(scenario_data.username(), password), password)


@pytest.fixture
def login_page(page: Page, live_portal: LivePortal) -> LoginPage:
    return LoginPage(page, live_portal.url)


@pytest.fixture
def home_page(page: Page, live_portal: LivePortal) -> HomePage:
    return HomePage(page, live_portal.url)


@pytest.fixture
def phone(live_portal: LivePortal, phone_http, account: Account, scenario_data: ScenarioData) -> PhoneDouble:
    """The user's phone with IB Key, enrolled with a code the portal issued for this user."""
    code = live_portal.server.activations.start(account.user).code
    return PhoneDouble.enroll(phone_http, code, scenario_data.pin(), scenario_data.device_name("ios"))


def temporary_passcode_with_a_letter(live_portal: LivePortal, user: User) -> str:
    """A passcode that typing in lowercase changes (about one in 30,000 is all digits: issue another)."""
    for _ in range(5):
        passcode = live_portal.server.passcodes.issue_temporary_passcode(user).passcode
        if passcode.lower() != passcode:
            return passcode
    raise AssertionError("five temporary passcodes in a row had no letter")


# Logging in with each second factor


def test_user_without_devices_lands_on_home_with_the_ibkey_banner(login_page, home_page, account):
    login_page.open()
    login_page.sign_in(account.username, account.password)

    assert home_page.logged_in_as() == account.username
    assert home_page.has_activation_banner()


@pytest.mark.camera
def test_banner_qr_code_on_screen_holds_the_code_printed_under_it(login_page, home_page, account):
    login_page.open()
    login_page.sign_in(account.username, account.password)

    payload = qr.decode_image(home_page.screenshot())

    assert payload.code == home_page.activation_code()


def test_logging_out_and_in_again_shows_a_fresh_qr_code(login_page, home_page, account):
    login_page.open()
    login_page.sign_in(account.username, account.password)
    first_code = home_page.activation_code()
    home_page.log_out()
    login_page.sign_in(account.username, account.password)

    assert home_page.activation_code() != first_code


def test_ibkey_push_approved_on_the_phone_moves_the_login_on_by_itself(login_page, home_page, account, phone):
    login_page.open()
    login_page.sign_in(account.username, account.password)
    assert login_page.is_waiting_for_push()

    notification = phone.next_notification()
    assert notification.username == account.username
    assert phone.approve(notification) == "complete"
    login_page.wait_until_push_approved()

    assert home_page.logged_in_as() == account.username
    assert home_page.ibkey_status() == TEXTS["en"]["ibkey_active"]


def test_ibkey_challenge_response_when_the_notification_does_not_arrive(login_page, home_page, account, phone):
    login_page.open()
    login_page.sign_in(account.username, account.password)
    challenge = login_page.ask_for_challenge()
    assert len(challenge) == 6 and challenge.isdigit()

    response = phone.respond(challenge)
    assert len(response) == 8 and response.isdigit()
    login_page.enter_response(response)

    assert home_page.logged_in_as() == account.username


def test_several_devices_are_offered_in_a_list_to_choose_from(
    live_portal, login_page, home_page, account, phone, scenario_data
):
    kit = live_portal.server.passcodes.ship_physical_device(account.user, scenario_data.pin())
    live_portal.clock.advance(days=15)  # the physical device activates itself two weeks after shipping

    login_page.open()
    login_page.sign_in(account.username, account.password)
    assert login_page.device_labels() == ["IB Key", f"Security device {kit.serial}"]
    login_page.choose_device(f"Security device {kit.serial}")
    login_page.enter_response(kit.respond(login_page.challenge(), counter=0))

    assert home_page.logged_in_as() == account.username


# One view per step, as public login automation (IBeam) tells the steps apart


def test_the_push_wait_is_a_view_of_its_own_with_a_resend_link(login_page, home_page, account, phone):
    login_page.open()
    login_page.sign_in(account.username, account.password)
    assert login_page.views_shown() == ["push_wait"]
    first = phone.next_notification()

    login_page.resend_notification()
    resent = phone.next_notification()
    assert login_page.views_shown() == ["push_wait"]
    assert resent.nonce != first.nonce
    assert phone.approve(resent) == "complete"
    login_page.wait_until_push_approved()

    assert home_page.logged_in_as() == account.username


def test_the_code_entry_is_shown_alone(login_page, account, phone):
    login_page.open()
    login_page.sign_in(account.username, account.password)
    login_page.ask_for_challenge()

    assert login_page.views_shown() == ["code_entry"]


def test_the_device_list_is_shown_alone_and_moves_on_once_a_device_is_chosen(
    live_portal, login_page, account, phone, scenario_data
):
    live_portal.server.passcodes.ship_physical_device(account.user, scenario_data.pin())
    live_portal.clock.advance(days=15)  # the physical device activates itself two weeks after shipping
    login_page.open()
    login_page.sign_in(account.username, account.password)
    assert login_page.views_shown() == ["device_select"]

    login_page.choose_device("IB Key")  # no Continue to click: choosing is enough

    assert login_page.views_shown() == ["push_wait"]


def test_without_javascript_the_device_list_moves_on_by_its_continue_button(
    new_context, live_portal, account, phone, scenario_data
):
    live_portal.server.passcodes.ship_physical_device(account.user, scenario_data.pin())
    live_portal.clock.advance(days=15)
    login_page = LoginPage(new_context(java_script_enabled=False).new_page(), live_portal.url)
    login_page.open()
    login_page.sign_in(account.username, account.password)

    login_page.choose_device("IB Key")

    assert login_page.views_shown() == ["push_wait"]


def test_temporary_passcode_then_the_printed_online_security_card(live_portal, login_page, home_page, account, phone):
    passcode = live_portal.server.passcodes.issue_temporary_passcode(account.user).passcode

    login_page.open()
    login_page.sign_in(account.username, account.password)
    login_page.enter_temporary_passcode(passcode)
    security_page = home_page.go_to_security_settings()
    assert security_page.device_states() == {phone.device_serial: "suspended"}
    card = security_page.print_security_card()
    security_page.log_out()

    login_page.sign_in(account.username, account.password)
    assert login_page.device_labels() == ["Temporary passcode", "Online security card"]
    login_page.choose_device("Online security card")
    login_page.enter_card_values("".join(card[position] for position in login_page.card_positions()))

    assert home_page.logged_in_as() == account.username


def test_reactivating_the_device_voids_the_temporary_passcode(live_portal, login_page, home_page, account, phone):
    """Login problem 10: after reactivation the device works again; the temporary passcode does not."""
    passcode = live_portal.server.passcodes.issue_temporary_passcode(account.user).passcode
    login_page.open()
    login_page.sign_in(account.username, account.password)
    login_page.enter_temporary_passcode(passcode)
    security_page = home_page.go_to_security_settings()

    security_page.reactivate(phone.device_serial)

    assert security_page.reactivated_message() == TEXTS["en"]["reactivated"]
    assert security_page.device_states() == {phone.device_serial: "active"}
    security_page.log_out()
    login_page.sign_in(account.username, account.password)
    assert login_page.is_waiting_for_push()


def test_the_language_switch_shows_the_page_in_japanese(login_page):
    login_page.open(lang="en")

    login_page.switch_language()

    assert login_page.heading() == TEXTS["ja"]["login_heading"]


def test_api_gateway_login_ends_with_client_login_succeeds(login_page, account):
    login_page.open(forward_to="22")
    login_page.sign_in(account.username, account.password)

    assert login_page.gateway_status() == "Client login succeeds"


# Error messages, in English and in Japanese


@LANGUAGES
@pytest.mark.negative
@pytest.mark.parametrize("mistake", ["capitals in the user name", "wrong password"])
def test_wrong_user_name_or_password_is_an_invalid_combination(login_page, account, lang, mistake):
    login_page.open(lang=lang)
    if mistake == "wrong password":
        login_page.sign_in(account.username, account.password + "x")
    else:
        login_page.sign_in(account.username.upper(), account.password)

    assert login_page.error_text() == login_page.automation_error() == MESSAGES[lang]["invalid_credentials"]


@LANGUAGES
@pytest.mark.negative
def test_user_name_with_characters_outside_letters_digits_underscore_is_refused(login_page, account, lang):
    full_width = "".join(chr(ord(char) + 0xFEE0) for char in account.username)  # typed with the IME on
    login_page.open(lang=lang)
    login_page.sign_in(full_width, account.password)

    assert login_page.error_text() == MESSAGES[lang]["invalid_characters"]


@LANGUAGES
@pytest.mark.negative
def test_wrong_ibkey_response_fails_the_login(login_page, account, phone, lang):
    login_page.open(lang=lang)
    login_page.sign_in(account.username, account.password)
    challenge = login_page.ask_for_challenge()
    login_page.enter_response(phone.respond(challenge, pin=phone.pin + "0"))  # a well-formed but wrong response

    assert login_page.error_text() == MESSAGES[lang]["login_failed"]
    assert login_page.automation_error() == "failed"  # what IBeam counts toward its failed-login limit


@LANGUAGES
@pytest.mark.negative
def test_temporary_passcode_typed_in_lowercase_fails_the_login(live_portal, login_page, account, lang):
    passcode = temporary_passcode_with_a_letter(live_portal, account.user)
    login_page.open(lang=lang)
    login_page.sign_in(account.username, account.password)
    login_page.enter_temporary_passcode(passcode.lower())

    assert login_page.error_text() == MESSAGES[lang]["login_failed"]


@LANGUAGES
@pytest.mark.negative
def test_security_card_values_with_a_space_fail_the_login(live_portal, login_page, account, lang):
    card = live_portal.server.passcodes.print_security_card(account.user)
    login_page.open(lang=lang)
    login_page.sign_in(account.username, account.password)
    login_page.enter_card_values(" ".join(card.values[position] for position in login_page.card_positions()))

    assert login_page.error_text() == MESSAGES[lang]["login_failed"]


@LANGUAGES
@pytest.mark.negative
def test_ten_failures_lock_the_login_for_24_hours_after_the_last(live_portal, login_page, home_page, account, lang):
    for _ in range(9):  # the counter the page uses, without nine page loads
        with pytest.raises(InvalidCredentials):
            live_portal.server.logins.start(account.username, account.password + "x")
    login_page.open(lang=lang)
    login_page.sign_in(account.username, account.password + "x")
    assert login_page.error_text() == MESSAGES[lang]["invalid_credentials"]

    login_page.sign_in(account.username, account.password)
    assert login_page.error_text() == ERRORS[lang]["account_locked"]
    assert LOCKOUT_PERIOD_WORDS[lang] in login_page.error_text()

    live_portal.clock.advance(hours=24, seconds=1)
    login_page.sign_in(account.username, account.password)
    assert home_page.logged_in_as() == account.username


@LANGUAGES
@pytest.mark.negative
def test_temporary_passcode_expires_after_two_days(live_portal, login_page, account, lang):
    passcode = live_portal.server.passcodes.issue_temporary_passcode(account.user).passcode
    live_portal.clock.advance(days=2)
    login_page.open(lang=lang)
    login_page.sign_in(account.username, account.password)
    login_page.enter_temporary_passcode(passcode)

    assert login_page.error_text() == MESSAGES[lang]["temporary_passcode_expired"]


@LANGUAGES
@pytest.mark.negative
def test_online_security_card_expires_after_three_weeks(live_portal, login_page, account, lang):
    card = live_portal.server.passcodes.print_security_card(account.user)
    live_portal.clock.advance(weeks=3)
    login_page.open(lang=lang)
    login_page.sign_in(account.username, account.password)
    login_page.enter_card_values(card.answer(login_page.card_positions()))

    assert login_page.error_text() == MESSAGES[lang]["security_card_expired"]


@pytest.mark.ja
def test_japanese_error_page_renders_to_a_screenshot(login_page, account, tmp_path):
    login_page.open(lang="ja")
    login_page.sign_in(account.username, account.password + "x")
    assert login_page.error_text() == MESSAGES["ja"]["invalid_credentials"]

    screenshot = tmp_path / "invalid_credentials_ja.png"
    screenshot.write_bytes(login_page.screenshot())

    assert screenshot.stat().st_size > 0
    assert Image.open(io.BytesIO(screenshot.read_bytes())).format == "PNG"
