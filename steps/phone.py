"""Steps a person takes on the phone: IBKR Mobile's screens, the stores, notifications, the security element."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from ibkey_conformance.glossary import app_label
from ibkey_conformance.phone_flows import (
    activate_with_typed_code,
    log_in_to_ibkr_mobile,
    open_newest_notification,
)
from ibkey_reference.crypto import TEST_COST
from ibkey_reference.phone.device import Phone

SECURITY_ELEMENTS = {
    "Face ID": "face_id", "Touch ID": "touch_id", "a passcode": "passcode", "パスコード": "passcode",
}
ACTIVATION_FAILURES = {
    "the user is already enrolled": "activation_already_enrolled",
    "the QR code was already used": "activation_code_used",
    "the QR code has expired": "activation_code_expired",
}


@given(parsers.parse("an iPhone unlocked with {element}"), target_fixture="phone")
@given(parsers.parse("{element}でロックを解除するiPhoneがある"), target_fixture="phone")
def _(phone_options, scenario_data, element: str) -> Phone:
    return Phone.ios(
        name=scenario_data.device_name("ios"), security_element=SECURITY_ELEMENTS[element], **phone_options
    )


@given("an iPhone", target_fixture="phone")
@given("iPhoneがある", target_fixture="phone")
def _(phone_options, scenario_data) -> Phone:
    return Phone.ios(name=scenario_data.device_name("ios"), **phone_options)


@given("an Android phone", target_fixture="phone")
@given("Androidのスマートフォンがある", target_fixture="phone")
def _(phone_options, scenario_data) -> Phone:
    return Phone.android(name=scenario_data.device_name("android"), pin_cost=TEST_COST, **phone_options)


@given("an Android phone with a fingerprint", target_fixture="phone")
@given("指紋認証のAndroidのスマートフォンがある", target_fixture="phone")
def _(phone_options, scenario_data) -> Phone:
    return Phone.android(
        name=scenario_data.device_name("android"), pin_cost=TEST_COST, fingerprint=True, **phone_options
    )


@given("IBKR Mobile is installed")
@given("IBKRモバイルがインストールされている")
def _(phone: Phone) -> None:
    phone.install("IBKR Mobile", opened_before=True)


@given("IB Key is activated on the phone for my user")
@given("スマートフォンでIB Keyが有効化されている")
def _(phone: Phone, backoffice, account, scenario_data) -> None:
    phone.install("IBKR Mobile", opened_before=True)
    account.pin = scenario_data.pin()
    code = backoffice.start_activation(account.username)
    activate_with_typed_code(phone, code, account.pin).tap("Done" if phone.platform == "ios" else "DONE")


@when(parsers.parse('I open the "{app}" app'))
@when(parsers.parse("「{app}」アプリを開く"))
def _(phone: Phone, app: str) -> None:
    phone.open_app(app_label(app))


@when(parsers.parse('I tap "{control}"'))
@when(parsers.parse("「{control}」をタップする"))
def _(phone: Phone, control: str) -> None:
    phone.foreground.tap(app_label(control))


@when("I log in to IBKR Mobile")
def _(phone: Phone, account) -> None:
    log_in_to_ibkr_mobile(phone, account.username, account.password)


@when(parsers.parse('I type "{text}" in the "{field}" field'))
def _(phone: Phone, text: str, field: str) -> None:
    phone.foreground.type(field, text)


@when(parsers.parse('I type my PIN in the "{field}" field'))
@when(parsers.parse("「{field}」の欄にPINを入力する"))
def _(phone: Phone, account, field: str) -> None:
    phone.foreground.type(field, account.pin)


@when(parsers.parse("I create a PIN of {length:d} {characters}"))
def _(phone: Phone, account, scenario_data, length: int, characters: str) -> None:
    account.pin = scenario_data.pin(length, characters)
    phone.foreground.type("Create PIN", account.pin)


@when(parsers.parse('I type the alphanumeric string below the QR code in the "{field}" field'))
def _(phone: Phone, home_page, field: str) -> None:
    phone.foreground.type(field, home_page.activation_code())


@when("I provide the security element I unlock my phone with")
@when("セキュリティ要素を提供する")
def _(phone: Phone) -> None:
    phone.provide_security_element(ok=True)


@when("I swipe down and tap the IBKR Mobile notification")
@when("画面を下にスワイプし、IBKRモバイル通知をタップする")
def _(phone: Phone) -> None:
    open_newest_notification(phone)


@when("I enter the challenge code in the challenge field")
@when("チャレンジコードをチャレンジ欄に入力する")
def _(phone: Phone, notes: dict) -> None:
    phone.foreground.type("Challenge", notes["challenge"])


@then(parsers.parse('the "{screen}" screen is shown'))
@then(parsers.parse("「{screen}」の画面が表示される"))
def _(phone: Phone, screen: str) -> None:
    assert phone.screen.name == screen, f"on {phone.screen.name!r} ({phone.screen.message})"


@then(parsers.parse('I am asked for {element}'))
@then(parsers.parse("{element}を求められる"))
def _(phone: Phone, element: str) -> None:
    assert phone.screen.name == app_label(element), f"on {phone.screen.name!r}"


@then(parsers.parse("the activation fails because {reason}"))
def _(phone: Phone, reason: str) -> None:
    assert phone.screen.name == "Activation Failed", f"on {phone.screen.name!r}"
    assert phone.screen.error_code == ACTIVATION_FAILURES[reason]


@then("IB Key is activated for my user")
@then("IB Keyが有効化される")
def _(backoffice, account) -> None:
    assert backoffice.has_ibkey(account.username)


@then("IB Key is not activated for my user")
def _(backoffice, account) -> None:
    assert not backoffice.has_ibkey(account.username)


@then("a notification is sent to my phone")
@then("スマートフォンに通知が送信される")
def _(phone: Phone) -> None:
    assert phone.sync_notifications(wait=5), "no notification reached the phone"


@then("no notification reaches my phone")
@then("スマートフォンに通知が届かない")
def _(phone: Phone) -> None:
    assert phone.sync_notifications(wait=0) == []
    assert phone.swipe_down() == []


@then("an 8-digit response string is shown")
@then("8桁のレスポンス・ストリングが表示される")
def _(phone: Phone, notes: dict) -> None:
    response = phone.screen.values.get("Response", "")
    assert len(response) == 8 and response.isdigit(), f"response {response!r} on {phone.screen.name!r}"
    notes["response"] = response


@then(parsers.parse('the PIN is refused with the rule "{rule}"'))
def _(phone: Phone, rule: str) -> None:
    assert phone.screen.error_code == "pin_invalid", (phone.screen.name, phone.screen.error_code)
    assert rule in phone.screen.message


@then(parsers.parse('IBKR Mobile from "{publisher}" is installed and open'))
def _(phone: Phone, publisher: str) -> None:
    assert phone.ibkr_mobile is not None and phone.ibkr_mobile.publisher == publisher
    assert phone.foreground is phone.ibkr_mobile


@then("the app that opened offers no IB Key")
def _(phone: Phone) -> None:
    assert phone.ibkr_mobile is None, "the genuine IBKR Mobile got installed"
    assert phone.foreground.screen.controls == [], phone.foreground.screen.controls


@given("notifications are turned off for IBKR Mobile")
@given("IBKRモバイルの通知が無効化されている")
def _(phone: Phone) -> None:
    phone.set_notifications_allowed("IBKR Mobile", False)


@given("the phone has no internet access")
@given("スマートフォンがインターネットに接続していない")
def _(phone: Phone) -> None:
    phone.set_network(False)


@given("the push service has lost my phone's registration")
@given("プッシュ通知の登録が失われている")
def _(phone: Phone, backoffice, account) -> None:
    backoffice.report_push_undeliverable(phone.ibkr_mobile.device_serial(account.username))
