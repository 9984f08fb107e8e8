"""/sso/Login: the password form and the second-factor steps, one view each."""

from __future__ import annotations

from playwright.sync_api import Page

from ibkey_conformance.pages.observe import observe_page
from ibkey_conformance.pages.selectors import DEFAULT_SELECTORS

# What `push_waiting()` answers when the page waits for the IB Key notification.
WAITING_FOR_PUSH = "the view waiting for the IB Key notification"


class LoginPage:
    def __init__(
        self, page: Page, base_url: str, selectors: dict[str, str] = DEFAULT_SELECTORS, lang: str | None = None
    ) -> None:
        self.page = page
        self.base_url = base_url
        self.lang = lang
        self.s = selectors
        self.username = page.locator(selectors["username"])
        self.password = page.locator(selectors["password"])
        self.login_button = page.locator(selectors["login_button"])
        self.error = page.locator(selectors["error"])
        self.second_factor = page.locator(selectors["second_factor"])

    def open(self, lang: str | None = None, forward_to: str | None = None) -> LoginPage:
        query = "&".join(f"{k}={v}" for k, v in (("lang", lang or self.lang), ("forwardTo", forward_to)) if v)
        self.page.goto(f"{self.base_url}/sso/Login" + (f"?{query}" if query else ""))
        return self

    def _opened(self) -> LoginPage:
        """This page, opened first if the tab is still blank: a scenario's first step need not navigate twice."""
        if self.page.url == "about:blank":
            self.open()
        return self

    def sign_in(self, username: str, password: str) -> None:
        self._opened()
        self.username.fill(username)
        self.password.fill(password)
        self.login_button.click()
        self.page.wait_for_load_state()

    def switch_language(self) -> None:
        self._opened()
        self.page.locator(self.s["language_switch"]).click()
        self.page.wait_for_load_state()

    def heading(self) -> str:
        return self._opened().page.locator(self.s["login_heading"]).inner_text().strip()

    def error_text(self) -> str:
        """The error the page shows, or "" when it shows none (pages are rendered whole by the server)."""
        return " ".join(text.strip() for text in self.error.all_inner_texts())

    def automation_error(self) -> str:
        """The error as login automation reads it: the text of the first .xyz-errormessage (IBeam compares it)."""
        return self.page.locator(self.s["automation_error"]).first.inner_text().strip()

    def state(self) -> str:
        return self.second_factor.get_attribute("data-state") or ""

    def choose_device(self, label: str) -> None:
        """Pick the device in the list: the page moves on by itself once an option is chosen, or with JavaScript
        off, once Continue is clicked."""
        device_list = self.page.locator(self.s["device_select"])
        continue_button = self.page.locator(self.s["device_continue"])
        if continue_button.is_visible():
            device_list.select_option(label=label)
            continue_button.click()
        else:
            with self.page.expect_navigation():
                device_list.select_option(label=label)
        self.page.wait_for_load_state()

    def device_labels(self) -> list[str]:
        """The devices the list offers, without its placeholder."""
        options = self.page.locator(f"{self.s['device_select']} option:not([disabled])")
        return [label.strip() for label in options.all_inner_texts()]

    def views_shown(self) -> list[str]:
        """Which of the device list, the push wait and the code entry the page shows: one at most, at any step."""
        views = ("device_select", "push_wait", "code_entry")
        return [view for view in views if self.page.locator(self.s[view]).is_visible()]

    def is_waiting_for_push(self) -> bool:
        return self.page.locator(self.s["push_wait"]).is_visible()

    def wait_until_push_approved(self, timeout_ms: float = 10_000) -> None:
        self.page.locator(self.s["push_wait"]).wait_for(state="detached", timeout=timeout_ms)
        self.page.wait_for_load_state()

    def push_waiting(self) -> str:
        """Load the page afresh, as its own poll would, and say what it shows now: WAITING_FOR_PUSH or else
        what the page shows instead (the home page, an error, another second factor)."""
        self.page.reload()
        self.page.wait_for_load_state()
        return WAITING_FOR_PUSH if self.is_waiting_for_push() else self.observed()

    def resend_notification(self) -> None:
        with self.page.expect_navigation():
            self.page.locator(self.s["resend_notification"]).click()
        self.page.wait_for_load_state()

    def ask_for_challenge(self) -> str:
        self.page.locator(self.s["no_notification_link"]).click()
        return self.page.locator(self.s["challenge"]).inner_text().strip()

    def challenge(self) -> str:
        return self.page.locator(self.s["challenge"]).inner_text().strip()

    def card_positions(self) -> list[str]:
        return self.page.locator(self.s["card_positions"]).inner_text().split()

    def _answer(self, field: str, value: str) -> None:
        self.page.locator(self.s[field]).fill(value)
        self.page.locator(self.s["response_submit"]).click()
        self.page.wait_for_load_state()

    def enter_response(self, response: str) -> None:
        self._answer("challenge_response", response)

    def enter_temporary_passcode(self, passcode: str) -> None:
        self._answer("temporary_passcode", passcode)

    def enter_card_values(self, values: str) -> None:
        self._answer("card_response", values)

    def gateway_status(self) -> str:
        return self.page.locator(self.s["gateway_status"]).inner_text().strip()

    def observed(self) -> str:
        """What the page shows now: for the report of a step that could not be carried out."""
        return observe_page(self.page, self.s)

    def screenshot(self) -> bytes:
        """The page as the browser renders it, fonts included."""
        return self.page.screenshot(full_page=True)

    # -- whole intentions used by the feature steps ---------------------------------------------------

    def sign_in_repeatedly(self, username: str, password: str, times: int) -> None:
        """Submit again on the page each refusal leaves, as a person would; reopen it only if it shows no form."""
        for _ in range(times):
            if not self.username.is_visible():
                self.open()
            self.sign_in(username, password)

    def _choose_if_asked(self, label: str) -> None:
        if self.state() == "choose_factor":
            self.choose_device(label)

    def sign_in_with_temporary_passcode(self, username: str, password: str, passcode: str) -> None:
        self.sign_in(username, password)
        self._choose_if_asked("Temporary passcode")
        self.enter_temporary_passcode(passcode)

    def sign_in_with_security_card(
        self, username: str, password: str, card_values: dict[str, str], separator: str = ""
    ) -> None:
        self.sign_in(username, password)
        self._choose_if_asked("Online security card")
        self.enter_card_values(separator.join(card_values[position] for position in self.card_positions()))

    def try_temporary_passcode(self, username: str, password: str, passcode: str) -> bool:
        """Sign in and type the passcode if the login asks for it; whether it could be typed at all."""
        return self._try_static("Temporary passcode", "passcode", "temporary_passcode", lambda: passcode,
                                username, password)

    def try_security_card(self, username: str, password: str, card_values: dict[str, str]) -> bool:
        """Sign in and type the card's values if the login asks for them; whether they could be typed at all."""
        return self._try_static(
            "Online security card", "card", "card_response",
            lambda: "".join(card_values[position] for position in self.card_positions()), username, password,
        )

    def _try_static(self, label: str, state: str, field: str, value, username: str, password: str) -> bool:
        self.open().sign_in(username, password)
        if not self.second_factor.count():
            return False
        if self.state() == "choose_factor":
            if label not in self.device_labels():
                return False
            self.choose_device(label)
        if self.state() != state:
            return False
        self._answer(field, value())
        return True
