"""Random pictures into the camera's decode path: a code, "no QR code found", or the documented error, never a crash.

Pictures are noise, solid colours and real QR codes, in every Pillow mode and in sizes from empty to a few
megapixels, given as PIL images or as encoded bytes (whole, truncated, or not an image at all).
"""

from __future__ import annotations

import io
import random
import re
import struct
import zlib

import qrcode
from hypothesis import example, given
from hypothesis import strategies as st
from PIL import Image

from ibkey_reference import qr
from ibkey_reference.phone.camera import MAX_TILT_DEGREES, Camera, CameraView
from ibkey_reference.phone.camera_app import OPEN_IN_IBKR_MOBILE
from ibkey_reference.phone.device import Phone
from ibkey_reference.phone.links import is_web_link

from .strategies import bare_codes, bounded, scanned_texts

CODE_PATTERN = re.compile(rf"[{qr.ALPHABET}]{{4}}-[{qr.ALPHABET}]{{4}}-[{qr.ALPHABET}]{{4}}")
MODES = ["1", "L", "LA", "P", "RGB", "RGBA", "CMYK", "YCbCr", "LAB", "HSV", "I", "F", "I;16"]
EXAMPLES = 50


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# A PNG header claiming 100000x100000 pixels: Pillow refuses it as a decompression bomb before allocating.
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CLAIMS_TEN_GIGAPIXELS = PNG_SIGNATURE + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0))

sizes = st.tuples(st.integers(0, 3), st.integers(0, 3)) | st.tuples(st.integers(1, 800), st.integers(1, 800))


@st.composite
def noise(draw, sizes=sizes) -> Image.Image:
    width, height = draw(sizes)
    base = draw(st.sampled_from(["L", "RGB"]))
    pixels = random.Random(draw(st.integers(0, 2**32 - 1))).randbytes(width * height * len(base))
    return Image.frombytes(base, (width, height), pixels).convert(draw(st.sampled_from(MODES)))


@st.composite
def solid(draw, sizes=sizes) -> Image.Image:
    mode = draw(st.sampled_from(MODES))
    bands = len(Image.new(mode, (1, 1)).getbands())
    colour = tuple(draw(st.integers(0, 255)) for _ in range(bands))
    return Image.new(mode, draw(sizes), colour if bands > 1 else colour[0])


@st.composite
def qr_codes(draw) -> Image.Image:
    code = qr.render_image(qr.ActivationPayload(draw(bare_codes)), box_size=draw(st.integers(1, 8)))
    return code.convert(draw(st.sampled_from(MODES)))


@st.composite
def encoded(draw) -> bytes:
    """An image saved as PNG, JPEG, BMP or GIF, maybe cut short."""
    image = draw(noise(sizes=st.tuples(st.integers(1, 300), st.integers(1, 300))) | qr_codes())
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format=draw(st.sampled_from(["PNG", "JPEG", "BMP", "GIF"])))
    data = buffer.getvalue()
    return data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data


pictures = st.one_of(noise(), solid(), qr_codes(), encoded(), st.binary(max_size=200))
views = st.builds(
    CameraView,
    distance_cm=st.floats(3, 200),
    lens=st.sampled_from(["rear", "front"]),
    tilt_degrees=st.floats(-MAX_TILT_DEGREES, MAX_TILT_DEGREES),
    focus_distance_cm=st.none() | st.floats(1, 300),
    aim=st.none() | st.tuples(st.floats(0, 1), st.floats(0, 1)),
)


@bounded(EXAMPLES)
@given(pictures)
@example(Image.new("L", (0, 5)))
@example(Image.new("LAB", (3, 3)))
@example(Image.new("L", (3000, 2000), 255))
@example(CLAIMS_TEN_GIGAPIXELS)
def test_decoding_any_picture_gives_a_code_or_says_why_not(picture):
    try:
        payload = qr.decode_image(picture)
    except (qr.QRError, qr.InvalidActivationCode) as refusal:
        assert str(refusal)
    else:
        assert CODE_PATTERN.fullmatch(payload.code)


@bounded(EXAMPLES)
@given(picture=pictures, view=views, noise_level=st.floats(0, 40))
@example(picture=Image.new("LAB", (3, 3)), view=CameraView(), noise_level=0)
@example(picture=CLAIMS_TEN_GIGAPIXELS, view=CameraView(), noise_level=0)
def test_the_camera_reads_any_picture_from_any_angle_or_says_it_is_no_image(picture, view, noise_level):
    try:
        texts = Camera(noise_level=noise_level).scan(picture, view)
    except qr.UnreadableImage as refusal:
        assert str(refusal)
    else:
        assert all(isinstance(text, str) for text in texts)


@bounded(EXAMPLES // 2)
@given(text=scanned_texts.filter(lambda text: len(text) < 500), platform=st.sampled_from(["ios", "android"]))
@example(text="http://[unclosed", platform="ios")
@example(text=f"{qr.ACTIVATION_LINK_BASE}?v=1&code=ABCD-EFGH-JK20", platform="android")
def test_the_camera_app_offers_the_link_a_code_holds_or_says_it_holds_none(text, platform):
    page, code = Image.new("L", (1280, 800), 255), _qr_code_of(text)
    page.paste(code, ((page.width - code.width) // 2, (page.height - code.height) // 2))
    phone = Phone.ios() if platform == "ios" else Phone.android()

    camera = phone.open_app("Camera").scan(page, CameraView())

    banners = [control for control in camera.screen.controls if control.startswith("Open in")]
    if banners:
        assert is_web_link(text) and banners != [OPEN_IN_IBKR_MOBILE]  # IBKR Mobile is not installed
    else:
        assert camera.screen.message in (None, "That QR code holds no link.")


def _qr_code_of(text: str) -> Image.Image:
    code = qrcode.QRCode(box_size=4, border=4)
    code.add_data(text.encode("utf-8"))
    return code.make_image().get_image().convert("L")
