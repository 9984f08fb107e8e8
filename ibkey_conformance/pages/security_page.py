"""Settings › Security › Secure Login System: devices, reactivation and the online security card."""

from __future__ import annotations

from playwright.sync_api import Page

from ibkey_conformance.pages.observe import observe_page
from ibkey_conformance.pages.selectors import DEFAULT_SELECTORS


class SecurityPage:
    def __init__(self, page: Page, base_url: str, selectors: dict[str, str] = DEFAULT_SELECTORS) -> None:
        self.page = page
        self.base_url = base_url
        self.s = selectors

    def open(self) -> SecurityPage:
        self.page.goto(f"{self.base_url}/portal/settings/security")
        return self

    def print_security_card(self) -> dict[str, str]:
        self.page.locator(self.s["print_card"]).click()
        self.page.wait_for_load_state()
        cells = self.page.locator(f"{self.s['card_table']} td")
        return {cell.get_attribute("id").removeprefix("card-"): cell.inner_text().strip() for cell in cells.all()}

    def device_states(self) -> dict[str, str]:
        rows = self.page.locator(f"{self.s['devices']} tr[data-serial]").all()
        return {row.get_attribute("data-serial"): row.get_attribute("data-state") for row in rows}

    def reactivate(self, serial: str) -> None:
        self.page.locator(f"{self.s['devices']} tr[data-serial='{serial}'] button").click()
        self.page.wait_for_load_state()

    def log_out(self) -> None:
        self.page.locator(self.s["logout"]).click()
        self.page.wait_for_load_state()

    def observed(self) -> str:
        """What the page shows now: for the report of a step that could not be carried out."""
        return observe_page(self.page, self.s)

    def reactivated_message(self) -> str:
        return self.page.locator(self.s["reactivated"]).inner_text().strip()
