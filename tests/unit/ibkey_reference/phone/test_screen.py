import pytest

from ibkey_reference.phone.errors import NotOnScreen
from ibkey_reference.phone.screen import Control, Screen


def test_controls_are_names_in_display_order():
    screen = Screen("Login", "IBKR Mobile", [Control("Services", position="top left"), Control("Username", "field")])
    assert screen.controls == ["Services", "Username"]
    assert screen.fields == ["Username"]


def test_html_escapes_every_text():
    screen = Screen(
        "<Login>",
        "IBKR & Mobile",
        [Control('<b>"x"</b>'), Control("Name<", "field", "<script>alert(1)</script>")],
        lines=("a < b",),
        values={"<k>": "<v>"},
        message="<oops>",
        error_code='"code"',
    )
    html = screen.to_html()
    assert "<script>" not in html and "<b>" not in html and "<oops>" not in html
    assert "&lt;script&gt;" in html and "IBKR &amp; Mobile" in html and "&lt;k&gt;" in html
    assert 'data-error-code="&quot;code&quot;"' in html


def test_html_masks_secret_fields_and_sizes_for_a_phone():
    screen = Screen("Create PIN", "IBKR Mobile", [Control("Create PIN", "secret", "9q!2")])
    html = screen.to_html()
    assert "9q!2" not in html
    assert "••••" in html
    assert "width:390px;height:844px" in html


def test_not_on_screen_names_screen_and_controls():
    error = NotOnScreen("IBKR Mobile", "Home", "Services", ["Home", "Portfolio", "Watchlists", "More"])
    assert str(error) == (
        "cannot tap 'Services': the IBKR Mobile screen 'Home' is showing and its controls are "
        "'Home', 'Portfolio', 'Watchlists', 'More'"
    )
    assert error.code == "not_on_screen"


def test_every_ibkr_mobile_screen_renders(portal, iphone, enroll):
    app = enroll(iphone)
    assert "alice" in app.screen.to_html()
    app.tap("Done")
    html = iphone.screen.to_html()
    assert 'data-screen="Authenticate"' in html


@pytest.mark.parametrize("platform", ["ios", "android"])
def test_the_home_screen_lists_apps(platform):
    from ibkey_reference.phone.device import Phone

    phone = Phone.ios() if platform == "ios" else Phone.android()
    assert phone.screen.name == "Home Screen"
    assert "Camera" in phone.screen.controls
