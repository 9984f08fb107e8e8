"""What the portal and the phone showed after a step: a masked screenshot and the phone's screen as HTML."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

# Password fields, the temporary-passcode and card fields, the printed card: blacked out in every screenshot.
SECRET_ELEMENTS = "input[type=password], [data-secret]"
MASK_COLOUR = "#1f2937"
# A digest of what the page shows, computed in the page: sending the whole DOM to Python costs more than hashing it.
_PAGE_STATE = """() => {
  const text = [location.href, document.documentElement.outerHTML,
    [...document.querySelectorAll('input, select, textarea')].map(e => e.value).join('\\u0001')].join('\\u0002');
  let a = 0x811c9dc5, b = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = (Math.imul(b, 31) + c) | 0;
  }
  return text.length + ':' + (a >>> 0).toString(16) + ':' + (b >>> 0).toString(16);
}"""
_COVER_SECRETS = """([selector, colour]) => document.querySelectorAll(selector).forEach(element => {
  const box = element.getBoundingClientRect(), cover = document.createElement('div');
  cover.setAttribute('data-ibkey-mask', '');
  Object.assign(cover.style, {position: 'fixed', left: box.left + 'px', top: box.top + 'px', width: box.width + 'px',
    height: box.height + 'px', background: colour, zIndex: '2147483647', pointerEvents: 'none'});
  document.documentElement.appendChild(cover);
})"""
_UNCOVER_SECRETS = "() => document.querySelectorAll('[data-ibkey-mask]').forEach(cover => cover.remove())"


def masked_screenshot(page: Page) -> bytes:
    """The viewport as a person sees it, with every secret element painted over."""
    return page.screenshot(mask=[page.locator(SECRET_ELEMENTS)], mask_color=MASK_COLOUR, animations="disabled")


class FastScreenshots:
    """Masked viewport screenshots through Chromium's DevTools protocol, at half the cost of Playwright's own;
    Playwright's masked_screenshot wherever the browser offers no DevTools session."""

    def __init__(self, page: Page) -> None:
        self.page = page
        try:
            self._devtools = page.context.new_cdp_session(page)
        except PlaywrightError:
            self._devtools = None

    def take(self) -> bytes:
        if self._devtools is None:
            return masked_screenshot(self.page)
        self.page.evaluate(_COVER_SECRETS, [SECRET_ELEMENTS, MASK_COLOUR])
        try:
            shot = self._devtools.send("Page.captureScreenshot", {"format": "png", "optimizeForSpeed": True})
        finally:
            self.page.evaluate(_UNCOVER_SECRETS)
        return base64.b64decode(shot["data"])


class EvidenceCamera:
    """Takes one scenario's evidence, skipping the screenshot when the page has not changed since the last one."""

    def __init__(self, images_dir: Path) -> None:
        self.images_dir = images_dir
        self.page: Page | None = None
        self._screenshots: FastScreenshots | None = None
        self.phone: Any = None
        self._last_state: str | None = None
        self._last_portal: dict | None = None
        self.phone_screens: dict[str, str] = {}

    def notice(self, arguments: dict[str, Any]) -> None:
        """Find the browser page and the phone among a step's arguments; keep them for the rest of the scenario."""
        for name, value in arguments.items():
            page = value if isinstance(value, Page) else getattr(value, "page", None)
            if self.page is None and isinstance(page, Page):
                self.page = page
            if self.phone is None and name == "phone" and hasattr(value, "screen"):
                self.phone = value

    def capture(self) -> dict:
        evidence = {}
        if self.page is not None:
            portal = self._portal()
            if portal:
                evidence["portal"] = portal
        if self.phone is not None:
            evidence["phone"] = self._phone()
        return evidence

    def _portal(self) -> dict | None:
        try:
            if self.page.is_closed() or self.page.url == "about:blank":
                return None
            state = self.page.evaluate(_PAGE_STATE)
            if state == self._last_state and self._last_portal:
                return self._last_portal
            self._screenshots = self._screenshots or FastScreenshots(self.page)
            image = self._screenshots.take()
            title = self.page.title()
        except PlaywrightError:
            return None  # the page navigated away or closed mid-capture: no evidence rather than a failed step
        name = f"{hashlib.sha256(image).hexdigest()[:20]}.png"
        self.images_dir.mkdir(parents=True, exist_ok=True)
        path = self.images_dir / name
        if not path.exists():
            path.write_bytes(image)
        self._last_state = state
        self._last_portal = {"image": f"images/{name}", "url": self.page.url, "title": title}
        return self._last_portal

    def _phone(self) -> dict:
        screen = self.phone.screen
        html = screen.to_html()
        screen_id = hashlib.sha256(html.encode("utf-8")).hexdigest()[:16]
        self.phone_screens[screen_id] = html
        return {"screen_id": screen_id, "screen": screen.name, "app": screen.app}
