import io

import pytest
from PIL import Image

from ibkey_conformance.pages import LoginPage
from ibkey_conformance.report.evidence import MASK_COLOUR, EvidenceCamera, FastScreenshots, masked_screenshot
from ibkey_reference.phone.device import Phone

pytestmark = pytest.mark.browser
MASK_RGB = tuple(int(MASK_COLOUR[i : i + 2], 16) for i in (1, 3, 5))


def _pixels_in(image: bytes, box: dict) -> set:
    picture = Image.open(io.BytesIO(image)).convert("RGB")
    inner = (box["x"] + 3, box["y"] + 3, box["x"] + box["width"] - 3, box["y"] + box["height"] - 3)
    return {colour for _, colour in picture.crop(tuple(int(v) for v in inner)).getcolors(1 << 24)}


@pytest.mark.parametrize(
    "shoot", [masked_screenshot, lambda page: FastScreenshots(page).take()], ids=["playwright", "devtools"]
)
def test_the_password_field_is_painted_over_and_the_user_name_is_not(page, live_portal, shoot):
    login = LoginPage(page, live_portal.url).open()
    page.fill("#xyz-field-username", "someone")
    page.fill("#xyz-field-password", "a-secret-password")
    image = shoot(page)
    assert _pixels_in(image, page.locator("#xyz-field-password").bounding_box()) == {MASK_RGB}
    assert len(_pixels_in(image, page.locator("#xyz-field-username").bounding_box())) > 1
    assert login.heading()


def test_the_devtools_masks_are_gone_once_the_picture_is_taken(page, live_portal):
    LoginPage(page, live_portal.url).open()
    before = page.content()
    FastScreenshots(page).take()
    assert page.content() == before


def test_an_unchanged_page_is_not_photographed_twice(page, live_portal, tmp_path):
    camera = EvidenceCamera(tmp_path / "images")
    camera.notice({"login_page": LoginPage(page, live_portal.url).open()})
    first, again = camera.capture()["portal"], camera.capture()["portal"]
    page.fill("#xyz-field-username", "someone")
    changed = camera.capture()["portal"]
    assert first == again and changed["image"] != first["image"]
    assert sorted(path.name for path in (tmp_path / "images").iterdir()) == sorted(
        {first["image"].removeprefix("images/"), changed["image"].removeprefix("images/")}
    )
    assert first["url"].endswith("/sso/Login") or "/sso/Login" in first["url"]


def test_the_phone_screen_is_kept_as_html_under_its_id(tmp_path):
    camera = EvidenceCamera(tmp_path / "images")
    camera.notice({"phone": Phone.ios(name="Test iPhone", security_element="face_id")})
    phone = camera.capture()["phone"]
    assert phone["screen"] and phone["screen_id"] in camera.phone_screens
    assert camera.phone_screens[phone["screen_id"]].startswith('<section class="ibkp"')
    assert "portal" not in camera.capture()
