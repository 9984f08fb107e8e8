"""Which scanned or tapped texts are IB Key activation links, for every app on the phone."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from ibkey_reference import qr


def is_web_link(text: str) -> bool:
    """Whether a scanned text is an http(s) link, which a phone offers to open."""
    try:
        return urlsplit(text).scheme in ("http", "https")
    except ValueError:  # e.g. an unclosed '[' in the host
        return False


def activation_code_in(text: str) -> str | None:
    """The activation code `text` links to, or None when it is not an activation link with a well-formed code."""
    try:
        return qr.parse_payload(text).code
    except (qr.NotAnActivationLink, qr.InvalidActivationCode):
        return None


def first_activation_code(texts: Iterable[str]) -> str | None:
    """The code of the first activation link among `texts`, as a scanner picks one QR code of several."""
    return next((code for code in map(activation_code_in, texts) if code is not None), None)
