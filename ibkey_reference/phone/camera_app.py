"""The phone's own Camera app, which reads QR codes and offers to open their links, and the browser."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ibkey_reference.phone.camera import CameraView
from ibkey_reference.phone.errors import NotOnScreen
from ibkey_reference.phone.links import activation_code_in, is_web_link
from ibkey_reference.phone.screen import Control, Screen, ScreenApp
from ibkey_reference.phone.stores import IBKR_MOBILE

if TYPE_CHECKING:
    from PIL import Image

    from ibkey_reference.phone.device import Phone

CAMERA = "Camera"
BROWSERS = {"ios": "Safari", "android": "Chrome"}
OPEN_IN_IBKR_MOBILE = f"Open in {IBKR_MOBILE}"


def banner_for(platform: str, url: str, ibkr_mobile_installed: bool) -> str:
    """The banner a recognized link gets: IBKR Mobile opens activation links once it is installed."""
    if activation_code_in(url) is not None and ibkr_mobile_installed:
        return OPEN_IN_IBKR_MOBILE
    host = (urlsplit(url).hostname or url).removeprefix("www.")
    return f"Open in {BROWSERS[platform]} — {host}"


class CameraApp(ScreenApp):
    """Point it at a QR code: with "Scan QR Codes" on, a recognized link shows a banner at the top."""

    name = CAMERA

    def __init__(self, phone: Phone) -> None:
        super().__init__(phone)
        self.publisher = "Apple" if phone.platform == "ios" else "Google"
        self.lens = "rear"
        self._link: str | None = None

    def launch(self) -> None:
        self._alert = None
        self.lens, self._link = "rear", None
        self._show_viewfinder()

    def _show_viewfinder(self, message: str | None = None) -> None:
        widgets = [Control("Switch Camera", position="bottom right")]
        screen = Screen(CAMERA, widgets=widgets, values={"Lens": self.lens}, message=message)
        if self._link is not None:
            link = self._link
            banner = banner_for(self.phone.platform, link, self.phone.ibkr_mobile is not None)
            widgets.insert(0, Control(banner, "banner", position="top"))
            screen.actions[banner] = lambda: self.phone.open_url(link)
        screen.actions["Switch Camera"] = self._switch_lens
        self._show(screen)

    def _switch_lens(self) -> None:
        self.lens = "front" if self.lens == "rear" else "rear"
        self._link = None
        self._show_viewfinder()

    def scan(self, screen_image: bytes | Image.Image, view: CameraView | None = None) -> ScreenApp:
        """Point the selected lens at `screen_image`; `view` sets distance, tilt, focus and aim."""
        screen = self.screen
        if screen is not self._screen or screen.name != CAMERA:
            raise NotOnScreen(self.name, screen.name, CAMERA, screen.controls, action="scan from")
        if view is None:
            view = CameraView(lens=self.lens)
        elif view.lens != self.lens:
            raise ValueError(
                f"the Camera app is using the {self.lens} lens but the view says {view.lens!r}; "
                f"tap 'Switch Camera' first, or pass CameraView(lens={self.lens!r}, ...)"
            )
        texts = self.phone.camera.scan(screen_image, view) if self.phone.scan_qr_codes else []
        links = [text for text in texts if is_web_link(text)]
        activation = [text for text in links if activation_code_in(text) is not None]
        self._link = (activation or links or [None])[0]
        message = "That QR code holds no link." if texts and self._link is None else None
        self._show_viewfinder(message)
        return self.phone.foreground or self


class BrowserApp(ScreenApp):
    """Safari or Chrome, showing one page."""

    def __init__(self, phone: Phone) -> None:
        self.name = BROWSERS[phone.platform]
        super().__init__(phone)
        self.publisher = "Apple" if phone.platform == "ios" else "Google"
        self.url = ""

    def launch(self) -> None:
        self._alert = None
        self.show_page(self.url)

    def show_page(self, url: str) -> None:
        self.url = url
        screen = Screen(self.name, widgets=[Control("Done", position="top left")], values={"Address": url})
        screen.actions["Done"] = self.phone.go_home
        self._show(screen)
