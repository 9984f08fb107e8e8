"""/portal/home: the welcome, and the banner recommending IB Key with its QR code and code."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from ibkey_conformance.pages.observe import observe_page
from ibkey_conformance.pages.security_page import SecurityPage
from ibkey_conformance.pages.selectors import DEFAULT_SELECTORS


class HomePage:
    def __init__(self, page: Page, base_url: str, selectors: dict[str, str] = DEFAULT_SELECTORS) -> None:
        self.page = page
        self.base_url = base_url
        self.s = selectors
        self.banner = page.locator(selectors["activation_banner"])
        self.qr = page.locator(selectors["activation_qr"])
        self.code = page.locator(selectors["activation_code"])

    def open(self) -> HomePage:
        self.page.goto(f"{self.base_url}/portal/home")
        return self

    def logged_in_as(self) -> str:
        """The user the home page welcomes; when the login ended elsewhere, what that page shows instead."""
        banner = self.page.locator(self.s["username_banner"])
        try:
            banner.or_(self.page.locator(self.s["error"])).first.wait_for()
        except PlaywrightTimeoutError:  # still another page (waiting for the phone, say): the check shows which
            return self.observed()
        return banner.inner_text().strip() if banner.count() else self.observed()

    def welcomed_user_now(self) -> str:
        """The user the page welcomes right now, without waiting; "" when no one is logged in on it."""
        banner = self.page.locator(self.s["username_banner"])
        return banner.first.inner_text().strip() if banner.count() else ""

    def has_activation_banner(self) -> bool:
        return self.banner.is_visible()

    def ibkey_status(self) -> str:
        return self.page.locator(self.s["ibkey_status"]).inner_text().strip()

    def activation_code(self) -> str:
        return self.code.inner_text().strip()

    def observed(self) -> str:
        """What the page shows now: for the report of a step that could not be carried out."""
        return observe_page(self.page, self.s)

    def screenshot(self) -> bytes:
        """The portal as the browser shows it: what a phone camera pointed at the screen would see."""
        self.qr.evaluate("img => img.complete || new Promise(done => img.onload = done)")
        return self.page.screenshot(full_page=False)

    def go_to_security_settings(self) -> SecurityPage:
        """Settings › Security › Secure Login System, through the navigation bar."""
        self.page.locator(self.s["security_nav"]).click()
        self.page.wait_for_load_state()
        return SecurityPage(self.page, self.base_url, self.s)

    def log_out(self) -> None:
        self.page.locator(self.s["logout"]).click()
        self.page.wait_for_load_state()

    def qr_position(self) -> tuple[float, float]:
        """Where the QR code sits on the screen, as fractions of the viewport: where a person aims the phone."""
        box = self.qr.bounding_box()
        viewport = self.page.viewport_size
        return (box["x"] + box["width"] / 2) / viewport["width"], (box["y"] + box["height"] / 2) / viewport["height"]
