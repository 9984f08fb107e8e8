"""The Japanese pages are Japanese throughout: the welcome, the device table with its header and states, the footer."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from .portal_http import browser, sign_in

# What a Japanese page shows in Latin letters as the seed's Japanese does: names of products and of this project,
# "QR" and "ID" (QRコード, セッションID), the switch to English; the user's name, serials and codes are data.
LATIN_ALLOWED = {"IB", "Key", "IBKR", "QR", "ID", "ibkey", "conformance", "English"}
DATA = re.compile(r"Digital Security Card\+|\b[A-Z]{3}-\d+\b|\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style", "title")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style", "title")

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def _visible(page: str) -> str:
    parser = _VisibleText()
    parser.feed(page)
    return " ".join(parser.parts)


@pytest.fixture
def signed_in(live_portal, scenario_data):
    """A user signed in to the Japanese pages, then sent a physical device (in transit)."""
    password = scenario_data.password()
    user = live_portal.server.accounts.create_user(scenario_data.username(), password)
    with browser(live_portal.url) as http:
        http.get("/sso/Login", params={"lang": "ja"})
        assert sign_in(http, user.username, password).status_code == 303
        live_portal.server.passcodes.ship_physical_device(user, scenario_data.pin())
        yield http, user.username


@pytest.mark.ja
@pytest.mark.parametrize("path", ["/portal/home", "/portal/settings/security"])
def test_a_japanese_page_shows_no_english_word(signed_in, path):
    http, username = signed_in
    text = DATA.sub("", _visible(http.get(path).text).replace(username, ""))
    english = sorted(set(re.findall(r"[A-Za-z]{2,}", text)) - LATIN_ALLOWED)
    assert english == [], text


@pytest.mark.ja
def test_the_japanese_welcome_uses_a_japanese_comma(signed_in):
    http, username = signed_in
    assert re.search(f"ようこそ、<[^>]+>{username}<", http.get("/portal/home").text)


@pytest.mark.ja
def test_the_device_table_has_a_header_and_the_states_in_japanese(signed_in):
    http, _ = signed_in
    page = http.get("/portal/settings/security").text
    assert re.search(r"<th>デバイス</th><th>名前</th><th>状態</th>", page)
    assert '<td class="state">配送中</td>' in page and 'data-state="in_transit"' in page
    assert re.search(r"<td>セキュリティデバイス DSC-\d+</td>", page)
