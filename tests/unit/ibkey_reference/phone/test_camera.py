import io

import pytest
from PIL import Image, ImageDraw

from ibkey_reference import qr
from ibkey_reference.phone.camera import Camera, CameraView

pytestmark = pytest.mark.camera

PAYLOAD = qr.ActivationPayload("ABCD-EFGH-JK23")
PAGE_SIZE = (1280, 800)
SWEEP_CM = (2, 3, 5, 8, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200)


def portal_screenshot(box_size: int, qr_centre: tuple[float, float] = (0.5, 0.5)) -> Image.Image:
    """A stand-in for a Client Portal screenshot: text lines and the activation QR code on a white page."""
    page = Image.new("RGB", PAGE_SIZE, "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, PAGE_SIZE[0], 56), fill=(200, 30, 40))
    draw.text((24, 20), "Client Portal", fill="white")
    banner = "Activate IBKR Mobile Authentication (IB Key) by scanning the QR code with your phone. " * 2
    for line in range(18):
        draw.text((40, 80 + line * 38), banner, fill="black")
    code = qr.render_image(PAYLOAD, box_size=box_size)
    centre_x, centre_y = qr_centre[0] * PAGE_SIZE[0], qr_centre[1] * PAGE_SIZE[1]
    page.paste(code, (round(centre_x - code.width / 2), round(centre_y - code.height / 2)))
    draw.text((round(centre_x - 40), round(centre_y + code.height / 2)), PAYLOAD.code, fill="black")
    return page


@pytest.fixture(scope="module", params=[4, 6], ids=["box4", "box6"])
def screen(request):
    return portal_screenshot(request.param)


@pytest.fixture
def camera():
    return Camera()


def recognized(camera: Camera, screen: Image.Image, **view) -> bool:
    return [qr.parse_payload(text) for text in camera.scan(screen, CameraView(**view))] == [PAYLOAD]


def test_the_frame_is_the_sensor_size(camera, screen):
    assert camera.capture(screen, CameraView()).size == Camera.SENSOR_SIZE
    assert camera.capture(screen, CameraView(lens="front")).size == Camera.SENSOR_SIZE


def test_rear_lens_at_25_cm_with_autofocus_reads_the_code(camera, screen):
    assert recognized(camera, screen, distance_cm=25)


def test_a_png_screenshot_is_accepted(camera):
    buffer = io.BytesIO()
    portal_screenshot(5).save(buffer, format="PNG")
    assert recognized(camera, buffer.getvalue())


def test_too_far_the_modules_are_too_few_pixels(camera, screen):
    assert not recognized(camera, screen, distance_cm=150)


def test_too_close_the_code_overflows_the_frame_and_is_out_of_focus(camera, screen):
    assert not recognized(camera, screen, distance_cm=3)
    assert camera.blur_radius(CameraView(distance_cm=3)) > camera.blur_radius(CameraView(distance_cm=25))


def test_moving_closer_from_too_far_recovers_the_code(camera, screen):
    assert not recognized(camera, screen, distance_cm=150)
    assert recognized(camera, screen, distance_cm=40)


def test_focus_locked_far_away_blurs_a_near_code(camera, screen):
    assert recognized(camera, screen, distance_cm=15)
    assert not recognized(camera, screen, distance_cm=15, focus_distance_cm=60)


def test_the_front_lens_sees_the_user_not_the_screen(camera, screen):
    assert camera.scan(screen, CameraView(lens="front")) == []


@pytest.mark.parametrize("tilt", [8, -8])
def test_a_slight_tilt_still_reads(camera, screen, tilt):
    assert recognized(camera, screen, distance_cm=25, tilt_degrees=tilt)


def test_a_steep_tilt_squeezes_the_code_unreadable(camera):
    assert not recognized(camera, portal_screenshot(4), distance_cm=25, tilt_degrees=60)


def test_aim_chooses_what_is_in_frame(camera):
    off_centre = portal_screenshot(5, qr_centre=(0.8, 0.3))
    assert not recognized(camera, off_centre)
    assert recognized(camera, off_centre, aim=(0.8, 0.3))
    assert not recognized(camera, off_centre, aim=(0.0, 1.0))


def test_distance_sweep_has_one_readable_band_and_both_extremes_fail(camera, screen):
    readable = [recognized(camera, screen, distance_cm=distance) for distance in SWEEP_CM]
    first, last = readable.index(True), len(readable) - 1 - readable[::-1].index(True)
    assert all(readable[first : last + 1]), dict(zip(SWEEP_CM, readable, strict=True))
    assert first > 0 and last < len(SWEEP_CM) - 1
    assert SWEEP_CM[first] <= 15 and SWEEP_CM[last] >= 40


def test_find_working_distance(camera, screen):
    assert camera.find_working_distance(screen) == 25
    assert camera.find_working_distance(screen, distances=(150, 3, 60)) in (None, 60)
    assert camera.find_working_distance(Image.new("RGB", PAGE_SIZE, "white")) is None


def test_sensor_noise_is_reproducible_from_the_seed_and_tolerated(screen):
    first = Camera(noise_level=12, seed=7).capture(screen, CameraView())
    assert first.tobytes() == Camera(noise_level=12, seed=7).capture(screen, CameraView()).tobytes()
    assert first.tobytes() != Camera(noise_level=12, seed=8).capture(screen, CameraView()).tobytes()
    assert recognized(Camera(noise_level=12, seed=7), screen)


def test_autofocus_cannot_focus_closer_than_its_minimum(camera):
    assert camera.blur_radius(CameraView(distance_cm=Camera.MIN_FOCUS_CM)) == Camera.LENS_BLUR_PX
    at_5_cm = camera.blur_radius(CameraView(distance_cm=5))
    at_8_cm = camera.blur_radius(CameraView(distance_cm=8))
    assert at_5_cm > at_8_cm > Camera.LENS_BLUR_PX


@pytest.mark.parametrize(
    "view",
    [
        {"distance_cm": 0},
        {"distance_cm": -5},
        {"lens": "side"},
        {"tilt_degrees": 90},
        {"focus_distance_cm": 0},
        {"aim": (0.5, 1.5)},
    ],
)
def test_impossible_views_are_refused(view):
    with pytest.raises(ValueError, match=next(iter(view))):
        CameraView(**view)
