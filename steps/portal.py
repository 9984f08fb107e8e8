"""Steps a person takes in the Client Portal, through the page objects in a real browser."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytest_bdd import given, parsers, then, when

from ibkey_conformance.adapters.target import TARGET
from ibkey_conformance.checks import Differs, Digits, Matches, OneOf, checks
from ibkey_conformance.clauses import load_catalogue
from ibkey_conformance.clauses.messages import expected_message
from ibkey_conformance.durations import parse_duration
from ibkey_conformance.pages import HomePage, LoginPage, SecurityPage
from ibkey_conformance.pages.login_page import WAITING_FOR_PUSH
from ibkey_conformance.phone_flows import APPROVAL_ACCEPTED, generate_response, screen_shown

# A factor problem 10 voids once the device is reactivated -> the clause its refusal checks.
VOIDED_FACTORS = {
    "the temporary passcode": "LP10-VOIDS-PASSCODE", "テンポラリー・パスコード": "LP10-VOIDS-PASSCODE",
    "the online security card": "LP10-VOIDS-CARD", "オンライン・セキュリティカード": "LP10-VOIDS-CARD",
}
NOT_ASKED = "the login does not ask for it"
# Clauses whose check is "the user reached the portal's home page": the login went through.
LOGGED_IN_CLAUSES = (
    "LOGIN-CONTINUES", "LP1-LOCKOUT", "LP1-LOCKOUT-COUNTING", "LP1-LOCKOUT-END", "LP5-TEMP-PASSCODE", "LP5-TWO-DAYS",
    "LP5-CARD-ADVICE", "LP5-CARD-3-WEEKS", "LP7-CARD-GRID", "LP8-AUTO-ACTIVATION", "LP8-AUTO-DELAY", "LP9-PORTAL-ONLY",
    "CR-5", "CR-IPHONE-6", "CR-EVERY-LOGIN", "KB3234-G", "KB3234-H", "KB-CR-ALWAYS", "PORTAL-SESSION-TIMEOUT",
)
# Clauses whose check is the login page's error message, quoted from the seed in the feature file.
MESSAGE_CLAUSES = (
    "LP1-INVALID-COMBINATION", "LP1-LOWERCASE", "LP2-LOGIN-FAILED", "LP2-UPPERCASE", "LP2-PASSCODE-NO-SPACES",
    "LP2-NO-SPACES", "LP5-TWO-DAYS", "LP6-PASSCODE-EXPIRED", "LP5-CARD-3-WEEKS", "LP7-CARD-EXPIRED",
    "LP11-INVALID-CHARACTERS", "LP11-USERNAME-CHARSET",
)


@pytest.fixture
def portal_lang(request) -> str:
    return "ja" if request.node.get_closest_marker("ja") else "en"


@pytest.fixture
def message(request, portal_lang: str):
    """The message a check on a clause expects in the page's language: the catalogue's, or the target's wording."""
    catalogue, overrides = load_catalogue(), request.config.stash[TARGET].portal_messages
    return lambda clause_id: expected_message(catalogue, overrides, clause_id, portal_lang)


@pytest.fixture
def login_page(page, live_portal, portal_lang, portal_selectors) -> LoginPage:
    return LoginPage(page, live_portal.url, portal_selectors, lang=portal_lang)


@pytest.fixture
def home_page(page, live_portal, portal_selectors) -> HomePage:
    return HomePage(page, live_portal.url, portal_selectors)


@pytest.fixture
def security_page(page, live_portal, portal_selectors) -> SecurityPage:
    return SecurityPage(page, live_portal.url, portal_selectors)


@when("I log in with the user name in capitals")
@when("ユーザー名を大文字で入力してログインする")
def _(login_page: LoginPage, account) -> None:
    login_page.sign_in(account.username.upper(), account.password)


@when(parsers.parse('I log in with "{suffix}" added to the user name'))
@when(parsers.parse("ユーザー名に「{suffix}」を付けてログインする"))
def _(login_page: LoginPage, account, suffix: str) -> None:
    login_page.sign_in(account.username + suffix, account.password)


@given(parsers.parse("I logged in {times:d} times with a wrong password"))
@when(parsers.parse("I log in {times:d} times with a wrong password"))
@given(parsers.parse("間違ったパスワードで{times:d}回ログインする"))
@when(parsers.parse("間違ったパスワードで{times:d}回ログインする"))
def _(login_page: LoginPage, account, times: int) -> None:
    login_page.sign_in_repeatedly(account.username, account.password + "-wrong", times)


@when(parsers.parse("I log in {times:d} times with a wrong temporary passcode"))
@when(parsers.parse("間違ったテンポラリー・パスコードで{times:d}回ログインする"))
def _(login_page: LoginPage, account, times: int) -> None:
    # Its own letters in another order, or shifted: never the passcode itself.
    passcode = account.temporary_passcode
    wrong = passcode[::-1] if passcode[::-1] != passcode else passcode[1:] + "X"
    for _ in range(times):
        login_page.open().sign_in_with_temporary_passcode(account.username, account.password, wrong)


@when("I log out of the Client Portal")
@when("クライアント・ポータルからログアウトする")
def _(home_page: HomePage) -> None:
    home_page.log_out()


@when("I open the Client Portal's home page")
@when("クライアント・ポータルのホーム画面を開く")
def _(home_page: HomePage) -> None:
    home_page.open()


@when(parsers.parse("I keep using the Client Portal, opening its home page every {interval}, for {duration}"))
@when(parsers.parse("{interval}ごとにホーム画面を開きながら{duration}が経過する"))
def _(home_page: HomePage, backoffice, interval: str, duration: str) -> None:
    step, left = parse_duration(interval), parse_duration(duration)
    while left > timedelta(0):
        backoffice.advance_clock(min(step, left))
        left -= min(step, left)
        home_page.open()


@then("the portal asks me to log in again")
@then("クライアント・ポータルのログイン画面が表示される")
@checks("PORTAL-SESSION-TIMEOUT")
def _(login_page: LoginPage, check) -> None:
    check("the login form's user name field is shown", True, login_page.username.is_visible())


@then("the temporary passcode is 8 capital letters and digits, at least one a letter")
@then("テンポラリー・パスコードは8文字の大文字と数字で、少なくとも1文字はアルファベットである")
@checks("LP5-PASSCODE-FORMAT")
def _(account, check) -> None:
    # Its shape, never the passcode itself: A a capital letter, a a small letter, 9 a digit, ? anything else.
    shape = "".join(
        "A" if c.isascii() and c.isupper() else "a" if c.isalpha() else "9" if c.isascii() and c.isdigit() else "?"
        for c in account.temporary_passcode
    )
    check("the shape of the issued temporary passcode", Matches(r"(?=.*A)[A9]{8}", "8 of A (capital) or 9 "
          "(digit), at least one A"), shape)


@then("the login does not offer IB Key")
@then("ログインはIB Keyを選択肢に出さない")
@checks("LP5-SUSPENDS-DEVICES")
def _(login_page: LoginPage, check) -> None:
    state = login_page.state()
    offered = login_page.device_labels() if state == "choose_factor" else [state]
    check("the second factors the login offers", [], [f for f in offered if f in ("IB Key", "push_wait", "challenge")])


@when("I log in with the right credentials")
@when("正しいログイン情報でログインする")
@when("ユーザー名とパスワードを入力し、ログインをクリックする")
def _(login_page: LoginPage, account) -> None:
    login_page.open().sign_in(account.username, account.password)


@when("I log in with the temporary passcode")
@when("テンポラリー・パスコードでログインする")
def _(login_page: LoginPage, account) -> None:
    login_page.sign_in_with_temporary_passcode(account.username, account.password, account.temporary_passcode)


@when("I log in with the temporary passcode in lowercase")
@when("テンポラリー・パスコードを小文字で入力してログインする")
def _(login_page: LoginPage, account) -> None:
    typed = account.temporary_passcode.lower()
    login_page.sign_in_with_temporary_passcode(account.username, account.password, typed)


@when("I log in with spaces between the characters of the temporary passcode")
@when("テンポラリー・パスコードの文字の間にスペースを入れてログインする")
def _(login_page: LoginPage, account) -> None:
    typed = " ".join(account.temporary_passcode)
    login_page.sign_in_with_temporary_passcode(account.username, account.password, typed)


@given("I logged in with the temporary passcode and printed an online security card")
@given("テンポラリー・パスコードでログインしてオンライン・セキュリティカードを印刷した")
def _(login_page: LoginPage, home_page: HomePage, security_page: SecurityPage, account) -> None:
    login_page.sign_in_with_temporary_passcode(account.username, account.password, account.temporary_passcode)
    account.security_card = security_page.open().print_security_card()
    home_page.log_out()


@when("I log in with the online security card")
@when("オンライン・セキュリティカードでログインする")
def _(login_page: LoginPage, account) -> None:
    login_page.sign_in_with_security_card(account.username, account.password, account.security_card)


@when("I log in with spaces between the online security card values")
@when("オンライン・セキュリティカードの値の間にスペースを入れてログインする")
def _(login_page: LoginPage, account) -> None:
    login_page.sign_in_with_security_card(account.username, account.password, account.security_card, separator=" ")


@then(parsers.parse('the message "{seed_message}" is shown'))
@then(parsers.parse("「{seed_message}」のメッセージが表示される"))
@checks(*MESSAGE_CLAUSES)
def _(login_page: LoginPage, seed_message: str, check) -> None:
    check("the error message on the login page", seed_message, login_page.error_text())


@then("the lockout message is shown")
@then("ロックアウトのメッセージが表示される")
@checks("LP1-LOCKOUT", "LP1-LOCKOUT-END", "LP1-LOCKOUT-COUNTING")
def _(login_page: LoginPage, message, check) -> None:
    check("the error message on the login page", message("LP1-LOCKOUT"), login_page.error_text())


@then("I am logged in to the Client Portal")
@then("クライアント・ポータルにログインできる")
@checks(*LOGGED_IN_CLAUSES)
def _(home_page: HomePage, account, check) -> None:
    check("the user the portal's home page welcomes", account.username, home_page.logged_in_as())


@given("I am logged in to the Client Portal, which recommends IB Key")
@given("クライアント・ポータルにログインしている")
def _(login_page: LoginPage, home_page: HomePage, account, notes: dict) -> None:
    login_page.sign_in(account.username, account.password)
    notes["activation_code"] = home_page.activation_code()


@given("チャレンジ/レスポンスでクライアント・ポータルにログインした")
@checks("CR-EVERY-LOGIN")
def _(login_page: LoginPage, home_page: HomePage, phone, account, check) -> None:
    login_page.open().sign_in(account.username, account.password)
    login_page.enter_response(generate_response(phone, login_page.ask_for_challenge(), pin=account.pin))
    check("the user the portal welcomes after the first login", account.username, home_page.logged_in_as())


@when("I log out of the Client Portal and log back in")
@when("クライアント・ポータルからログアウトし、再度ログインする")
def _(login_page: LoginPage, home_page: HomePage, account) -> None:
    home_page.log_out()
    login_page.sign_in(account.username, account.password)


@then("a fresh QR code is shown")
@checks("ERR-FRESH-QR")
def _(home_page: HomePage, notes: dict, check) -> None:
    check("the activation banner on the home page", True, home_page.has_activation_banner())
    check("the activation code under the QR code", Differs(notes["activation_code"]), home_page.activation_code())


@when(parsers.parse('I select "{device}" from the drop-down menu'))
@when(parsers.parse("ドロップダウンメニューから「{device}」を選択する"))
def _(login_page: LoginPage, device: str) -> None:
    login_page.choose_device(device)


@when("I click the link for when the notification does not arrive")
@when("「通知が受信できない場合にはこちらをクリック」のリンクをクリックする")
def _(login_page: LoginPage, notes: dict) -> None:
    notes["challenge"] = login_page.ask_for_challenge()


@then("a 6-digit challenge code is shown")
@then("6桁のチャレンジコードが表示される")
@checks("CR-CHALLENGE-6", "CR-2", "CR-IPHONE-2", "KB3234-D")
def _(notes: dict, check) -> None:
    check("the challenge code on the login page", Digits(6), notes["challenge"])


@when("I enter the response string in the login screen")
@when("レスポンス・ストリングをログイン画面に入力する")
def _(login_page: LoginPage, notes: dict) -> None:
    login_page.enter_response(notes["response"])


@then("the login page waits for IB Key on my phone")
@then("ログイン画面がIB Keyの認証を待っている")
@checks("LOGIN-CONTINUES")
def _(login_page: LoginPage, home_page: HomePage, check) -> None:
    check("what the login page shows before the phone approves", WAITING_FOR_PUSH, login_page.push_waiting())
    check("the user the portal welcomes before the phone approves", "", home_page.welcomed_user_now())


@then("the login moves on to the next step by itself")
@then("ログイン手順が自動的に次の段階に移動する")
@checks("LOGIN-CONTINUES", "ERR-ENROLLED-CHECK", "KB3234-I")
def _(home_page: HomePage, phone, account, check) -> None:
    check("the screen the phone shows once it sent the approval", APPROVAL_ACCEPTED, screen_shown(phone))
    check("the user the portal's home page welcomes", account.username, home_page.logged_in_as())


@when("I answer the challenge with my physical security device")
@when("フィジカル・セキュリティデバイスのレスポンスを入力する")
def _(login_page: LoginPage, account) -> None:
    login_page.enter_response(account.physical_device.respond(login_page.challenge(), counter=0))


@then("the message says my security device is not active yet")
@then("セキュリティデバイスが有効化されていないというメッセージが表示される")
@checks("LP8-IN-TRANSIT", "LP8-AUTO-DELAY")
def _(login_page: LoginPage, message, check) -> None:
    check("the error message on the login page", message("LP8-IN-TRANSIT"), login_page.error_text())


@when("I reactivate my security device in Settings › Security")
@when("セキュリティ設定でセキュリティデバイスを再有効化する")
def _(security_page: SecurityPage, phone, account) -> None:
    security_page.open().reactivate(phone.ibkr_mobile.device_serial(account.username))


@then("the portal confirms the reactivation")
@then("再有効化が完了したというメッセージが表示される")
@checks("LP10-REACTIVATE")
def _(security_page: SecurityPage, message, check) -> None:
    check("the confirmation on the security page", message("LP10-REACTIVATE"), security_page.reactivated_message())


@then("the login waits for IB Key without offering another device")
@then("デバイスを選択せずにIB Keyの通知を待つ画面が表示される")
@checks("LP10-VOIDS-PASSCODE")
def _(login_page: LoginPage, check) -> None:
    check("the second-factor step the login page shows", "push_wait", login_page.state())


@when(parsers.parse("I log out of the Client Portal and try to log in with {factor}"))
@when(parsers.parse("クライアント・ポータルからログアウトし、{factor}でログインしようとする"))
def _(login_page: LoginPage, home_page: HomePage, account, notes: dict, factor: str) -> None:
    home_page.log_out()
    if VOIDED_FACTORS[factor] == "LP10-VOIDS-PASSCODE":
        typed = login_page.try_temporary_passcode(account.username, account.password, account.temporary_passcode)
    else:
        typed = login_page.try_security_card(account.username, account.password, account.security_card)
    notes["voided_factor_typed"] = typed


@then(parsers.parse('{factor} is refused with "{seed_message}"'))
@then(parsers.parse("{factor}は「{seed_message}」で拒否される"))
@checks(*sorted(set(VOIDED_FACTORS.values())))
def _(login_page: LoginPage, notes: dict, factor: str, seed_message: str, check) -> None:
    # Refused either way: the login no longer offers it, or it is typed and the login fails with the seed's words.
    outcome = (login_page.error_text() or login_page.observed()) if notes["voided_factor_typed"] else NOT_ASKED
    check(f"what {factor} achieved after the reactivation", OneOf((NOT_ASKED, seed_message)), outcome,
          clauses=(VOIDED_FACTORS[factor],))


@then("the string below the QR code is 12 letters and digits in groups of four")
@checks("ACT-CODE-FORMAT")
def _(home_page: HomePage, check) -> None:
    check("the alphanumeric string below the QR code", Matches(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}",
          "12 capital letters and digits as XXXX-XXXX-XXXX"), home_page.activation_code())
