"""The floor: the challenge/response login written as a bare Playwright script, with no pytest, BDD or report.

It does what the scenario "通知が無効化されたAndroidでPINを入力してレスポンス・ストリングを作成する" does, against a
portal at a base URL whose in-process server it may call for Client Services' actions, and returns its own time.
"""

from __future__ import annotations

import secrets
import time

import httpx
from playwright.sync_api import Browser

from ibkey_conformance.pages.selectors import DEFAULT_SELECTORS as S
from ibkey_reference.crypto import TEST_COST
from ibkey_reference.phone.device import Phone
from ibkey_reference.server import ReferenceServer


def challenge_response_login(browser: Browser, portal_url: str, server: ReferenceServer) -> float:
    """One login, from a fresh user and phone to the portal's home page; the seconds it took."""
    started = time.perf_counter()
    username, password, pin = f"bare{secrets.token_hex(4)}", secrets.token_urlsafe(12), "4826"
    server.accounts.create_user(username, password)
    with httpx.Client(base_url=portal_url) as http:
        phone = Phone.android(name="Bench Pixel", pin_cost=TEST_COST, http=http)
        phone.install("IBKR Mobile", opened_before=True)
        code = server.activations.start(server.accounts.find(username)).code
        app = phone.open_app("IBKR Mobile").tap("Services").tap("Authenticate").tap("Add User")
        app.type("Session ID", code).type("Create PIN", pin).tap("ACTIVATE").tap("DONE")
        phone.set_notifications_allowed("IBKR Mobile", False)

        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{portal_url}/sso/Login")
        page.fill(S["username"], username)
        page.fill(S["password"], password)
        page.click(S["login_button"])
        page.wait_for_load_state()
        assert phone.sync_notifications(wait=0) == []
        page.click(S["no_notification_link"])
        challenge = page.locator(S["challenge"]).inner_text().strip()

        app = phone.open_app("IBKR Mobile").tap("Services").tap("Authenticate")
        app.type("PIN", pin).type("Challenge", challenge).tap("Generate Response")
        response = app.screen.values["Response"]
        page.fill(S["challenge_response"], response)
        page.click(S["response_submit"])
        page.wait_for_load_state()
        assert page.locator(S["username_banner"]).inner_text().strip() == username
        context.close()
    return time.perf_counter() - started
