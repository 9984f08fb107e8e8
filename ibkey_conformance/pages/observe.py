"""What a page shows right now, in one line: for a step that could not be carried out on it."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page


def observe_page(page: Page, selectors: dict[str, str]) -> str:
    """The page's path, its visible error text and its second-factor state, without waiting for anything."""
    parts = [f"the page at {urlsplit(page.url).path or page.url}"]
    errors = " ".join(text.strip() for text in page.locator(selectors["error"]).all_inner_texts() if text.strip())
    parts.append(f"shows the error {errors!r}" if errors else "shows no error")
    second_factor = page.locator(selectors["second_factor"])
    if second_factor.count():
        parts.append(f"second factor {second_factor.first.get_attribute('data-state') or 'shown'}")
    return ", ".join(parts)
