import contextlib
import io
import re

import pytest
import qrcode
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from ibkey_reference import qr
from ibkey_reference.errors import IBKeyError

CODE = "ABCD-EFGH-JK23"
LINK = f"https://www.ibkr.com/ibkey/activate?v=1&code={CODE}"
CODE_PATTERN = re.compile(rf"[{qr.ALPHABET}]{{4}}-[{qr.ALPHABET}]{{4}}-[{qr.ALPHABET}]{{4}}")


def _png(image: Image.Image, format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format)
    return buffer.getvalue()


# Activation code


def test_alphabet_has_no_look_alike_characters():
    assert set(qr.ALPHABET).isdisjoint("01OILU")
    assert set(qr.ALPHABET) == set("23456789ABCDEFGHJKMNPQRSTVWXYZ")


def test_new_codes_are_twelve_alphabet_characters_in_groups_of_four():
    codes = [qr.new_activation_code() for _ in range(200)]
    assert all(CODE_PATTERN.fullmatch(code) for code in codes)
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize(
    "typed",
    [
        "ABCD-EFGH-JK23",
        "abcd-efgh-jk23",
        "ABCDEFGHJK23",
        "abcd efgh jk23",
        " a-b-c-d EFGH\tjk2 3 ",
        "AbCd--EfGh--Jk23",
    ],
)
def test_normalize_accepts_what_people_type(typed):
    assert qr.normalize_activation_code(typed) == CODE


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("ABCD-0FGH-JK23", "'0'"),
        ("abcd-efgh-jk2i", "'i'"),
        ("ABCD_EFGH_JK23", "'_'"),
        ("ABCD-EFGH-JKÉ3", "'É'"),
    ],
)
def test_normalize_names_the_bad_characters(typed, named):
    with pytest.raises(qr.InvalidActivationCode) as raised:
        qr.normalize_activation_code(typed)
    assert named in str(raised.value)
    assert qr.ACCEPTED_CODE_FORM in str(raised.value)
    assert raised.value.code == "activation_code_invalid"


def test_normalize_names_each_bad_character_once():
    with pytest.raises(qr.InvalidActivationCode, match=r"contains 'O', 'L', not used"):
        qr.normalize_activation_code("OOLL-EFGH-JK23")


@pytest.mark.parametrize(
    ("typed", "length"), [("ABCD-EFGH-JK2", 11), ("ABCD-EFGH-JK234", 13), ("", 0), (" - ", 0)]
)
def test_normalize_reports_the_wrong_length(typed, length):
    expected = rf"has {length} characters, not 12; expected 12 characters"
    with pytest.raises(qr.InvalidActivationCode, match=expected):
        qr.normalize_activation_code(typed)


# Payload


def test_payload_is_an_https_universal_link():
    assert qr.ActivationPayload(CODE).to_uri() == LINK
    assert LINK.startswith(qr.ACTIVATION_LINK_BASE)


def test_payload_holds_the_canonical_code():
    assert qr.ActivationPayload("abcd efgh jk23").code == CODE


def test_payload_refuses_an_invalid_code():
    with pytest.raises(qr.InvalidActivationCode):
        qr.ActivationPayload("ABCD")


def test_parse_reads_back_the_link():
    assert qr.parse_payload(LINK) == qr.ActivationPayload(CODE)


@pytest.mark.parametrize(
    "link",
    [
        f"https://ibkr.com/ibkey/activate?v=1&code={CODE}",
        f"HTTPS://WWW.IBKR.COM/ibkey/activate?code={CODE}&v=1",
        f"https://www.ibkr.com/ibkey/activate?v=1&code={CODE}&utm_source=portal",
    ],
)
def test_parse_accepts_other_hosts_orders_and_unknown_parameters(link):
    assert qr.parse_payload(link).code == CODE


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "scheme is ''"),
        ("ABCD-EFGH-JK23", "scheme is ''"),
        (f"http://www.ibkr.com/ibkey/activate?v=1&code={CODE}", "scheme is 'http'"),
        (f"https://www.ibkr.com.evil.example/ibkey/activate?v=1&code={CODE}", "host is"),
        (f"https://www.ibkr.com@evil.example/ibkey/activate?v=1&code={CODE}", "host is"),
        (f"https://user@www.ibkr.com/ibkey/activate?v=1&code={CODE}", "host is"),
        (f"https://www.ibkr.com:8443/ibkey/activate?v=1&code={CODE}", "host is"),
        (f"https://www.ibkr.com/ibkey/activate/?v=1&code={CODE}", "path is '/ibkey/activate/'"),
        (f"https://www.ibkr.com/ibkey/login?v=1&code={CODE}", "path is '/ibkey/login'"),
        (f"https://www.ibkr.com/ibkey/activate?v=1&code={CODE}#x", "fragment"),
        (f"https://www.ibkr.com/ibkey/activate?v=2&code={CODE}", "v='2'"),
        (f"https://www.ibkr.com/ibkey/activate?code={CODE}", "no v parameter"),
        (f"https://www.ibkr.com/ibkey/activate?v=1&v=1&code={CODE}", "not exactly one v=1"),
        ("https://www.ibkr.com/ibkey/activate?v=1", "0 code parameters"),
        (f"https://www.ibkr.com/ibkey/activate?v=1&code={CODE}&code={CODE}", "2 code parameters"),
        ("https://[www.ibkr.com/ibkey/activate?v=1", "not a valid URL"),
    ],
)
def test_parse_rejects_what_is_not_an_activation_link(text, reason):
    with pytest.raises(qr.NotAnActivationLink) as raised:
        qr.parse_payload(text)
    message = str(raised.value)
    assert reason in message
    assert f"found {text!r}" in message
    assert qr.EXPECTED_LINK_FORM in message
    assert raised.value.code == "qr_not_activation_link"


def test_parse_reports_a_bad_code_inside_a_link_as_an_invalid_code():
    with pytest.raises(qr.InvalidActivationCode, match="'0'"):
        qr.parse_payload("https://www.ibkr.com/ibkey/activate?v=1&code=ABCD-EFGH-JK20")


def test_parse_shows_long_or_odd_input_truncated_and_escaped():
    text = "\x00\n" + "x" * 500
    with pytest.raises(qr.NotAnActivationLink) as raised:
        qr.parse_payload(text)
    message = str(raised.value)
    assert "\\x00\\n" in message
    assert "x" * 90 not in message
    assert "x..." in message


@given(st.text())
def test_parse_raises_only_its_own_errors_on_any_text(text):
    with contextlib.suppress(qr.NotAnActivationLink, qr.InvalidActivationCode):
        qr.parse_payload(text)


@given(st.text(alphabet="/:?&=#@[]%-.vcodeABC23 ", max_size=30))
def test_parse_raises_only_its_own_errors_on_near_misses(tail):
    with contextlib.suppress(qr.NotAnActivationLink, qr.InvalidActivationCode):
        assert qr.parse_payload(qr.ACTIVATION_LINK_BASE + tail).code


@given(st.text(alphabet=qr.ALPHABET, min_size=12, max_size=12))
def test_any_valid_code_survives_the_link_round_trip(bare):
    payload = qr.ActivationPayload(bare.lower())
    assert CODE_PATTERN.fullmatch(payload.code)
    assert qr.parse_payload(payload.to_uri()) == payload


# Codec


@pytest.mark.camera
@pytest.mark.parametrize("box_size", [2, 4, 8])
def test_png_round_trip(box_size):
    payload = qr.ActivationPayload(qr.new_activation_code())
    png = qr.encode_png(payload, box_size=box_size)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert qr.decode_image(png) == payload


@pytest.mark.camera
def test_decode_reads_pil_images_and_other_formats():
    image = qr.render_image(qr.ActivationPayload(CODE), box_size=6).convert("RGB")
    assert qr.decode_image(image).code == CODE
    assert qr.decode_image(_png(image, "JPEG")).code == CODE
    assert qr.decode_texts(_png(image, "BMP")) == [LINK]


@pytest.mark.camera
def test_an_image_without_a_code_is_reported():
    with pytest.raises(qr.NoQRCodeFound, match="no QR code was recognized in the 300x200 image") as raised:
        qr.decode_image(_png(Image.new("RGB", (300, 200), "white")))
    assert raised.value.code == "qr_not_found"


@pytest.mark.camera
def test_two_codes_side_by_side_are_reported():
    left = qr.render_image(qr.ActivationPayload(CODE), box_size=4)
    right = qr.render_image(qr.ActivationPayload("ZZZZ-YYYY-XXXX"), box_size=4)
    both = Image.new("L", (left.width + right.width, max(left.height, right.height)), 255)
    both.paste(left, (0, 0))
    both.paste(right, (left.width, 0))
    with pytest.raises(qr.SeveralQRCodesFound, match="2 QR codes were recognized") as raised:
        qr.decode_image(both)
    assert raised.value.code == "qr_several"


@pytest.mark.camera
def test_a_code_of_another_link_is_not_an_activation_link():
    other = qrcode.make("https://example.com").get_image()
    with pytest.raises(qr.NotAnActivationLink, match=r"found 'https://example\.com'"):
        qr.decode_image(_png(other))


@pytest.mark.parametrize("data", [b"", b"not an image", _png(Image.new("RGB", (64, 64)))[:40]])
def test_bytes_that_are_not_an_image_are_reported(data):
    with pytest.raises(qr.UnreadableImage, match=f"the {len(data)} bytes given are not an image") as raised:
        qr.decode_image(data)
    assert raised.value.code == "image_unreadable"


@pytest.mark.parametrize(
    "error", [qr.UnreadableImage, qr.NoQRCodeFound, qr.SeveralQRCodesFound, qr.NotAnActivationLink]
)
def test_codec_errors_share_one_base(error):
    assert issubclass(error, qr.QRError)
    assert issubclass(error, IBKeyError)
    assert error.code != qr.QRError.code
