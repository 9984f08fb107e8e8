"""Steps a person takes in the Client Portal, through the page objects in a real browser."""

from __future__ import annotations

import pytest
from pytest_bdd import parsers, then, when

from ibkey_conformance.pages import LoginPage


@pytest.fixture
def login_page(page, live_portal, request) -> LoginPage:
    lang = "ja" if request.node.get_closest_marker("ja") else "en"
    return LoginPage(page, live_portal.url).open(lang=lang)


@when("I log in with the user name in capitals")
@when("ユーザー名を大文字で入力してログインする")
def _(login_page: LoginPage, account) -> None:
    login_page.sign_in(account.username.upper(), account.password)


@then(parsers.parse('the message "{message}" is shown'))
@then(parsers.parse("「{message}」のメッセージが表示される"))
def _(login_page: LoginPage, message: str) -> None:
    assert login_page.error_text() == message
