"""The app stores a phone installs IBKR Mobile from, what they list, and the look-alike apps in them.

iOS has the App Store; Android has the Play Store, 360 Mobile Assistant and Baidu Mobile Assistant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ibkey_reference.phone.screen import Control, Screen, ScreenApp

if TYPE_CHECKING:
    from ibkey_reference.phone.device import Phone

IBKR_MOBILE = "IBKR Mobile"
APP_STORE = "App Store"
PLAY_STORE = "Play Store"
ANDROID_STORES = (PLAY_STORE, "360 Mobile Assistant", "Baidu Mobile Assistant")
STORES = {"ios": (APP_STORE,), "android": ANDROID_STORES}
STORE_PUBLISHERS = {
    APP_STORE: "Apple",
    PLAY_STORE: "Google",
    "360 Mobile Assistant": "Qihoo 360",
    "Baidu Mobile Assistant": "Baidu",
}


@dataclass(frozen=True)
class Listing:
    """An app as a store lists it."""

    name: str
    publisher: str
    genuine: bool = False  # the real IBKR Mobile, the only app with IB Key
    summary: str = ""

    @property
    def label(self) -> str:
        """How a search result row reads: name and publisher, since look-alikes share names."""
        return f"{self.name} ({self.publisher})"


GENUINE = {
    "ios": Listing(IBKR_MOBILE, "Interactive Brokers LLC", True, "Trade and authenticate with IB Key."),
    "android": Listing(IBKR_MOBILE, "Interactive Brokers Group", True, "Trade and authenticate with IB Key."),
}
# Invented look-alikes: the same or a similar name from another publisher. The first is listed above the
# genuine app, as a paid placement would be, so choosing by publisher is what keeps a person safe.
LOOK_ALIKES = {
    "ios": (
        Listing(IBKR_MOBILE, "Mobile Trading Apps Ltd", summary="Market news and quotes."),
        Listing("IBKR Mobile Lite", "QuickTrade Studio", summary="A stock ticker."),
    ),
    "android": (
        Listing(IBKR_MOBILE, "Trading Tools Group", summary="Market news and quotes."),
        Listing("IBKR Mobile Lite", "QuickTrade Studio", summary="A stock ticker."),
    ),
}


def catalogue(platform: str) -> tuple[Listing, ...]:
    """Every listing the stores of `platform` hold, in the order search results show them."""
    first, *rest = LOOK_ALIKES[platform]
    return (first, GENUINE[platform], *rest)


def search(platform: str, query: str) -> list[Listing]:
    """Listings whose name or publisher holds every word of `query`, case-insensitively."""
    words = query.lower().split()
    if not words:
        return []
    return [
        listing for listing in catalogue(platform)
        if all(word in f"{listing.name} {listing.publisher}".lower() for word in words)
    ]


def find_listing(platform: str, name: str, publisher: str | None = None) -> Listing:
    """The listing called `name` (the genuine one unless `publisher` names another)."""
    found = [
        listing for listing in catalogue(platform)
        if listing.name == name and (publisher is None or listing.publisher == publisher)
    ]
    if publisher is None:
        found.sort(key=lambda listing: not listing.genuine)
    if not found:
        names = ", ".join(listing.label for listing in catalogue(platform))
        raise LookupError(f"no {platform} store lists {name!r} by {publisher or 'any publisher'}; they list {names}")
    return found[0]


class LookAlikeApp(ScreenApp):
    """An app installed by choosing the wrong search result: it has none of IBKR Mobile's screens."""

    def __init__(self, phone: Phone, listing: Listing) -> None:
        self.name, self.publisher, self.listing = listing.name, listing.publisher, listing
        super().__init__(phone)

    def launch(self) -> None:
        self._alert = None
        self._show(Screen(
            self.name,
            lines=(f"{self.name} by {self.publisher}.", self.listing.summary,
                   "This app has no IBKR Mobile Authentication (IB Key)."),
        ))


class _Store(ScreenApp):
    """What every store shares: product pages and installing from them."""

    _get_label = "Install"
    _open_label = "Open"

    def __init__(self, phone: Phone, name: str) -> None:
        self.name, self.publisher = name, STORE_PUBLISHERS[name]
        super().__init__(phone)
        self.platform = phone.platform

    def show_listing(self, listing: Listing) -> None:
        """The product page of `listing`, as a link to it opens."""
        installed = self.phone.installed_app(listing.name, listing.publisher) is not None
        button = self._open_label if installed else self._get_label
        screen = Screen(
            listing.name,
            widgets=[Control(button, position="right"), Control("Back", position="top left")],
            values={"Publisher": listing.publisher},
            lines=(listing.summary,),
        )
        screen.actions.update({
            self._get_label: lambda: self._get(listing),
            self._open_label: lambda: self.phone.launch(self.phone.installed_app(listing.name, listing.publisher)),
            "Back": self.launch,
        })
        self._show(screen)

    def _get(self, listing: Listing) -> None:
        self._install(listing)

    def _install(self, listing: Listing) -> None:
        self.phone.install(listing)
        self.show_listing(listing)

    def _results(self, query: str) -> list[Control]:
        return [Control(listing.label) for listing in search(self.platform, query)]

    def _bind_results(self, screen: Screen, query: str) -> None:
        for listing in search(self.platform, query):
            screen.actions[listing.label] = lambda listing=listing: self.show_listing(listing)


class AppStore(_Store):
    """Apple's App Store: Search tab (lower right), search bar, results as you type, GET, OPEN."""

    TABS = ("Today", "Games", "Apps", "Arcade", "Search")
    _get_label = "GET"
    _open_label = "OPEN"

    def __init__(self, phone: Phone) -> None:
        super().__init__(phone, APP_STORE)

    def launch(self) -> None:
        self._alert = None
        self._to_tab("Today")

    def _tab_bar(self) -> list[Control]:
        return [Control(tab, position="lower right" if tab == "Search" else "bottom") for tab in self.TABS]

    def _to_tab(self, tab: str, query: str = "") -> None:
        widgets = [Control("Search Bar", "field", query, position="top")] if tab == "Search" else []
        widgets += self._results(query) if tab == "Search" else []
        screen = Screen(tab, widgets=widgets + self._tab_bar())
        for name in self.TABS:
            screen.actions[name] = lambda name=name: self._to_tab(name)
        # The App Store shows results as the person types; there is no search button to press.
        screen.on_type["Search Bar"] = lambda text: self._to_tab("Search", text)
        self._bind_results(screen, query)
        self._show(screen)

    def _get(self, listing: Listing) -> None:
        if self.phone.security_element_in_use in ("face_id", "touch_id"):
            def on_result(provided: bool) -> None:
                if provided:
                    self._install(listing)
                else:
                    self._to_apple_id(listing)

            self.phone.request_security_element(
                self, f"Get {listing.name}", on_result, passcode_fallback=False
            )
        else:
            self._to_apple_id(listing)

    def _to_apple_id(self, listing: Listing, message: str | None = None) -> None:
        screen = Screen(
            "Apple ID",
            widgets=[Control("Password", "secret"), Control("Sign In"), Control("Cancel")],
            lines=("Sign In to the App Store", f"Enter the password for your Apple ID to get {listing.name}."),
            message=message,
            error_code="apple_id_password_wrong" if message else None,
        )
        screen.actions.update({
            "Sign In": lambda: self._sign_in(listing, screen.field("Password")),
            "Cancel": lambda: self.show_listing(listing),
        })
        self._show(screen)

    def _sign_in(self, listing: Listing, password: str) -> None:
        if password and password == self.phone.apple_id_password:
            self._install(listing)
        else:
            self._to_apple_id(listing, "Incorrect Apple ID password. Try again.")


class AndroidStore(_Store):
    """Play Store, 360 Mobile Assistant or Baidu Mobile Assistant: search bar, magnifying glass, Install, Open."""

    def launch(self) -> None:
        self._alert = None
        self._to_search("", results=False)

    def _to_search(self, query: str, *, results: bool, message: str | None = None) -> None:
        widgets = [Control("Search Bar", "field", query, position="top"), Control("Magnifying Glass", position="top")]
        if results:
            widgets += self._results(query)
        screen = Screen("Search Results" if results else self.name, widgets=widgets, message=message)
        screen.actions["Magnifying Glass"] = lambda: self._search(screen.field("Search Bar"))
        if results:
            self._bind_results(screen, query)
        self._show(screen)

    def _search(self, query: str) -> None:
        if not query.strip():
            self._to_search(query, results=False, message="Type the name of an app in the search bar first.")
        else:
            self._to_search(query, results=True)

    def show_listing(self, listing: Listing) -> None:
        super().show_listing(listing)
        if self.phone.installed_app(listing.name, listing.publisher) is not None:
            self._screen.widgets.insert(1, Control("Uninstall"))
            self._screen.actions["Uninstall"] = lambda: self._uninstall(listing)

    def _uninstall(self, listing: Listing) -> None:
        self.phone.uninstall(listing.name, listing.publisher)
        self.show_listing(listing)
