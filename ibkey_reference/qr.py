"""The one QR codec of the project, and the activation code and link the Client Portal shows."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

import qrcode
from PIL import Image
from pyzbar import pyzbar
from qrcode.image.pil import PilImage

from ibkey_reference.errors import IBKeyError

# Crockford-like: no 0/O, 1/I/L look-alikes and no U, so a code read off a screen is typed right.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
GROUP_SIZE = 4
ACCEPTED_CODE_FORM = "12 characters from A-Z and 2-9 except I, L, O, U; spaces and hyphens are ignored"

ACTIVATION_LINK_BASE = "https://www.ibkr.com/ibkey/activate"
LINK_HOSTS = frozenset({"www.ibkr.com", "ibkr.com"})
LINK_PATH = "/ibkey/activate"
LINK_VERSION = "1"
EXPECTED_LINK_FORM = f"{ACTIVATION_LINK_BASE}?v={LINK_VERSION}&code=XXXX-XXXX-XXXX"

_SHOWN_CHARS = 80


class InvalidActivationCode(IBKeyError):
    """The typed or scanned activation code (Session ID) is not a well-formed code."""

    code = "activation_code_invalid"


class QRError(IBKeyError):
    """A QR image could not be turned into an activation payload."""

    code = "qr_error"


class UnreadableImage(QRError):
    code = "image_unreadable"


class NoQRCodeFound(QRError):
    code = "qr_not_found"


class SeveralQRCodesFound(QRError):
    code = "qr_several"


class NotAnActivationLink(QRError):
    code = "qr_not_activation_link"


def new_activation_code() -> str:
    """A fresh random activation code in its displayed form, e.g. "ABCD-EFGH-JK23"."""
    return _grouped("".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH)))


def normalize_activation_code(typed: str) -> str:
    """The canonical grouped uppercase form of a code as a person types it."""
    kept: list[str] = []
    bad: list[str] = []
    for char in typed:
        if char == "-" or char.isspace():
            continue
        # Only ASCII is upper-cased: str.upper() turns some letters into several ("ß" -> "SS").
        upper = char.upper() if char.isascii() else char
        if upper in ALPHABET:
            kept.append(upper)
        else:
            bad.append(char)
    if bad:
        named = ", ".join(repr(char) for char in dict.fromkeys(bad))
        raise InvalidActivationCode(
            f"the activation code contains {named}, not used in activation codes; "
            f"expected {ACCEPTED_CODE_FORM}"
        )
    if len(kept) != CODE_LENGTH:
        raise InvalidActivationCode(
            f"the activation code has {len(kept)} characters, not {CODE_LENGTH}; "
            f"expected {ACCEPTED_CODE_FORM}"
        )
    return _grouped("".join(kept))


def _grouped(bare: str) -> str:
    return "-".join(bare[start : start + GROUP_SIZE] for start in range(0, len(bare), GROUP_SIZE))


@dataclass(frozen=True)
class ActivationPayload:
    """What the activation QR code holds: the activation code, as a link any camera app can open."""

    code: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", normalize_activation_code(self.code))

    def to_uri(self) -> str:
        """The universal link encoded in the QR code."""
        return f"{ACTIVATION_LINK_BASE}?{urlencode({'v': LINK_VERSION, 'code': self.code})}"


def parse_payload(text: str) -> ActivationPayload:
    """The payload of an activation link; unknown query parameters are ignored."""
    try:
        parts = urlsplit(text)
        host, port, user = parts.hostname, parts.port, parts.username
    except ValueError as exc:
        raise _not_a_link(text, f"it is not a valid URL ({exc})") from exc
    if parts.scheme.lower() != "https":
        raise _not_a_link(text, f"its scheme is {parts.scheme!r}, not 'https'")
    if host not in LINK_HOSTS or port is not None or user is not None or parts.password is not None:
        raise _not_a_link(text, f"its host is {parts.netloc!r}, not 'www.ibkr.com'")
    if parts.path != LINK_PATH:
        raise _not_a_link(text, f"its path is {parts.path!r}, not {LINK_PATH!r}")
    if parts.fragment:
        raise _not_a_link(text, "it has a '#' fragment")
    params: dict[str, list[str]] = {}
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        params.setdefault(name, []).append(value)
    versions = params.get("v", [])
    if versions != [LINK_VERSION]:
        found = ", ".join(f"v={version!r}" for version in versions) or "no v parameter"
        raise _not_a_link(text, f"it has {found}, not exactly one v={LINK_VERSION}")
    codes = params.get("code", [])
    if len(codes) != 1:
        raise _not_a_link(text, f"it has {len(codes)} code parameters, not one")
    return ActivationPayload(codes[0])


def _not_a_link(text: str, reason: str) -> NotAnActivationLink:
    shown = text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 3] + "..."
    return NotAnActivationLink(
        f"found {shown!r}, which is not an IB Key activation link: {reason}; expected {EXPECTED_LINK_FORM}"
    )


def render_image(payload: ActivationPayload, *, box_size: int = 8, border: int = 4) -> Image.Image:
    """The activation QR code as a grayscale image, `box_size` pixels per module."""
    code = qrcode.QRCode(error_correction=qrcode.ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(payload.to_uri())
    code.make(fit=True)
    return code.make_image(image_factory=PilImage).get_image().convert("L")


def encode_png(payload: ActivationPayload, *, box_size: int = 8, border: int = 4) -> bytes:
    """The activation QR code as PNG bytes."""
    buffer = io.BytesIO()
    render_image(payload, box_size=box_size, border=border).save(buffer, format="PNG")
    return buffer.getvalue()


def open_image(image: bytes | bytearray | Image.Image) -> Image.Image:
    """A loaded PIL image from encoded bytes of any format Pillow reads, or the image itself."""
    if isinstance(image, Image.Image):
        return image
    try:
        opened = Image.open(io.BytesIO(image))
        opened.load()
    # Pillow's decoders raise many unrelated types (OSError, SyntaxError, struct.error...) on bad input.
    except Exception as exc:
        raise UnreadableImage(
            f"the {len(image)} bytes given are not an image Pillow can read ({type(exc).__name__}: {exc}); "
            "pass PNG, JPEG or another common image format"
        ) from exc
    return opened


def grey_image(image: bytes | bytearray | Image.Image) -> Image.Image:
    """The image as 8-bit luminance, which is what zbar and the camera read."""
    opened = open_image(image)
    try:
        return opened.convert("L")
    except ValueError as exc:  # a mode Pillow cannot turn into luminance, e.g. LAB
        raise UnreadableImage(
            f"a {opened.mode} image cannot be converted to grey ({exc}); pass an RGB or greyscale image"
        ) from exc


def decode_texts(image: bytes | bytearray | Image.Image) -> list[str]:
    """The texts of every QR code zbar finds in the image, in zbar's order."""
    grey = grey_image(image)
    if not (grey.width and grey.height):  # pyzbar divides by the pixel count
        return []
    symbols = pyzbar.decode(grey, symbols=[pyzbar.ZBarSymbol.QRCODE])
    return [symbol.data.decode("utf-8", errors="replace") for symbol in symbols]


def decode_image(image: bytes | bytearray | Image.Image) -> ActivationPayload:
    """The activation payload of the single QR code in the image."""
    grey = grey_image(image)
    texts = decode_texts(grey)
    if not texts:
        raise NoQRCodeFound(
            f"no QR code was recognized in the {grey.width}x{grey.height} image; "
            "make sure the whole code is visible, sharp and at least 2 pixels per module"
        )
    if len(texts) > 1:
        shown = ", ".join(repr(text[:_SHOWN_CHARS]) for text in texts)
        raise SeveralQRCodesFound(
            f"{len(texts)} QR codes were recognized ({shown}); show or crop to the activation code alone"
        )
    return parse_payload(texts[0])
