"""conformance.html in a real Chromium with the network cut off: the screenshots load, the verdict shows,
the phone screens sit in their frames, and the page asks for nothing but its own files."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route

from ibkey_conformance.report.render import render_reports

pytestmark = pytest.mark.browser


@pytest.fixture
def report(results_path):
    html, _, _ = render_reports(results_path)
    return html


def test_the_page_works_offline(page: Page, report):
    requested: list[str] = []
    blocked: list[str] = []

    def only_local_files(route: Route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.on("request", lambda request: requested.append(request.url))
    page.route("**/*", only_local_files)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(report.as_uri())

    banner = page.locator("header.banner")
    assert banner.is_visible()
    assert banner.locator(".verdict").inner_text() == "DOES NOT CONFORM"
    assert banner.bounding_box()["y"] < 100

    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    images = page.locator("figure.portal img")
    assert images.count() == 4
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete", arg=image.element_handle())
        assert image.evaluate("img => img.naturalWidth") > 0, image.get_attribute("src")

    screens = page.locator(".phone-frame .ibkp")
    assert screens.count() >= 4
    box = screens.first.bounding_box()
    assert 220 <= box["width"] <= 240  # the 390 px screen scaled into the frame

    assert blocked == []
    assert all(url.startswith("file://") for url in requested), requested
