"""Steps a person takes on the phone: IBKR Mobile's screens, the stores, notifications, the security element."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from ibkey_conformance.checks import Contains, Differs, Digits, HarnessFault, NonEmpty, checks
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
ACTIVATION_FAILURES = {  # reason -> (the error code the server answers, the clauses that check it)
    "the user is already enrolled": ("activation_already_enrolled", ("ERR-ENROLLED",)),
    "the QR code was already used": ("activation_code_used", ("ERR-EXPIRED",)),
    "the QR code has expired": ("activation_code_expired", ("ERR-EXPIRED", "QR-EXPIRY")),
}
SCREEN_CLAUSES = {  # the screen a step expects -> the clauses its showing checks
    "Login": ("IOS-QR-1A",),
    "Home": ("IOS-QR-1B",),
    "Camera Permission": ("IOS-QR-5", "AND-QR-7"),
    "IBKR Mobile": ("CAM-5",),
    "Notification Permission": ("CAM-9",),
    "Activation Successful": (
        "ACT-CODE-FORMAT", "ACT-DONE", "AND-PIN-CREATE", "AND-PIN-RULE", "AND-QR-8", "AND-SID-7", "ERR-FRESH-QR",
        "IOS-TYPED-8", "QR-POINT", "QR-EXPIRY",
    ),
    "Activate IB Key": ("QR-DISTANCE",),
}
SECURITY_PROMPT_CLAUSES = (
    "ACT-SECURITY-ELEMENT", "IOS-TYPED-SECURITY", "CR-IPHONE-FACEID", "CR-IPHONE-TOUCHID", "FACEID-3", "TOUCHID-3",
    "PUSH-3", "FACEID-PASSCODE", "TOUCHID-PASSCODE", "QR-DISTANCE", "CAM-8",
)
ACTIVATED_CLAUSES = (
    "ACT-CODE-FORMAT", "ACT-CODE-TYPING", "QR-POINT", "IOS-TYPED-8", "AND-SID-7", "AND-PIN-CREATE", "ERR-FRESH-QR",
    "CAM-QR-LINK", "ACT-DONE", "QR-EXPIRY",
)


@given(parsers.parse("an iPhone unlocked with {element}"), target_fixture="phone")
@given(parsers.parse("{element}でロックを解除するiPhoneがある"), target_fixture="phone")
def _(phone_options, scenario_data, element: str) -> Phone:
    return Phone.ios(
        name=scenario_data.device_name("ios"), security_element=SECURITY_ELEMENTS[element], **phone_options
    )


@given(parsers.parse("{element} is switched off on the phone"))
@given(parsers.parse("{element}機能が有効化されていない"))
def _(phone: Phone, element: str) -> None:
    if phone.security_element != SECURITY_ELEMENTS.get(element):
        raise HarnessFault(f"the scenario's phone has no {element} to switch off (it has {phone.security_element})")
    phone.set_biometrics(False)


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


@when(parsers.parse(
    'I type the alphanumeric string below the QR code in lowercase without hyphens in the "{field}" field'
))
def _(phone: Phone, home_page, field: str) -> None:
    phone.foreground.type(field, home_page.activation_code().lower().replace("-", ""))


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
@checks(*sorted({clause for clauses in SCREEN_CLAUSES.values() for clause in clauses}))
def _(phone: Phone, screen: str, check) -> None:
    shown = f"{phone.screen.name} ({phone.screen.message})" if phone.screen.message else phone.screen.name
    check("the screen the phone shows", screen, shown, clauses=SCREEN_CLAUSES.get(screen, ()))


@then(parsers.parse('I am asked for {element}'))
@then(parsers.parse("{element}を求められる"))
@checks(*SECURITY_PROMPT_CLAUSES)
def _(phone: Phone, element: str, check) -> None:
    check("the security prompt the phone shows", app_label(element), phone.screen.name)


@then(parsers.parse("I am not asked for {element}"))
@then(parsers.parse("{element}は求められない"))
@checks(*SECURITY_PROMPT_CLAUSES)
def _(phone: Phone, element: str, check) -> None:
    check("the security prompt the phone shows", Differs(app_label(element)), phone.screen.name)


@then(parsers.parse("the activation fails because {reason}"))
@checks(*sorted({clause for _, clauses in ACTIVATION_FAILURES.values() for clause in clauses}))
def _(phone: Phone, reason: str, check) -> None:
    code, clauses = ACTIVATION_FAILURES[reason]
    check("the screen the phone shows", "Activation Failed", phone.screen.name, clauses=clauses)
    check("the error code the server gave the activation", code, phone.screen.error_code, clauses=clauses)


@then("IB Key is activated for my user")
@then("IB Keyが有効化される")
@checks(*ACTIVATED_CLAUSES)
def _(backoffice, account, check) -> None:
    check("the user has an active IB Key on the server", True, backoffice.has_ibkey(account.username))


@then("IB Key is not activated for my user")
@checks("AND-PIN-RULE", "AND-PIN-CHARSET", "QR-EXPIRY", "ERR-EXPIRED")
def _(backoffice, account, check) -> None:
    check("the user has an active IB Key on the server", False, backoffice.has_ibkey(account.username))


@then("a notification is sent to my phone")
@then("スマートフォンに通知が送信される")
@checks("PUSH-1", "ERR-ENROLLED-CHECK", "KB3234-I", "LP10-VOIDS-PASSCODE")
def _(phone: Phone, check) -> None:
    check("notifications that reached the phone within 5 s", NonEmpty(), phone.sync_notifications(wait=5))


@then("no notification reaches my phone")
@then("スマートフォンに通知が届かない")
@checks("CR-WHEN", "IPHONE-OFFLINE", "KB3234-D", "LP5-SUSPENDS-DEVICES")
def _(phone: Phone, check) -> None:
    check("notifications the phone received", [], phone.sync_notifications(wait=0))
    check("notifications in the phone's notification centre", [], phone.swipe_down())


@then("an 8-digit response string is shown")
@then("8桁のレスポンス・ストリングが表示される")
@checks("CR-RESPONSE-8", "CR-4", "KB3234-F")
def _(phone: Phone, notes: dict, check) -> None:
    response = phone.screen.values.get("Response", "")
    check(f"the response string on the phone's {phone.screen.name!r} screen", Digits(8), response)
    notes["response"] = response


@then(parsers.parse('the PIN is refused with the rule "{rule}"'))
@checks("AND-PIN-RULE", "AND-PIN-CHARSET")
def _(phone: Phone, rule: str, check) -> None:
    check("the error code of the refused PIN", "pin_invalid", phone.screen.error_code)
    check("the rule the phone states", Contains(rule), phone.screen.message)


@then(parsers.parse('IBKR Mobile from "{publisher}" is installed and open'))
@checks("INST-PUBLISHER-IOS", "INST-PUBLISHER-ANDROID", "IOS-INST-5", "AND-INST-4")
def _(phone: Phone, publisher: str, check) -> None:
    check("the publisher of the installed IBKR Mobile", publisher, getattr(phone.ibkr_mobile, "publisher", None))
    check("IBKR Mobile is the app in the foreground", True, phone.foreground is phone.ibkr_mobile)


@then("the app that opened offers no IB Key")
@checks("INST-PUBLISHER-IOS", "INST-PUBLISHER-ANDROID")
def _(phone: Phone, check) -> None:
    check("the genuine IBKR Mobile is installed", False, phone.ibkr_mobile is not None)
    check("the controls of the app that opened", [], phone.foreground.screen.controls)


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
