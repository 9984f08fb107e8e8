"""Which scanned or tapped texts are IB Key activation links, for every app on the phone."""

from __future__ import annotations

from collections.abc import Iterable

from ibkey_reference import qr


def activation_code_in(text: str) -> str | None:
    """The activation code `text` links to, or None when it is not an activation link."""
    try:
        return qr.parse_payload(text).code
    except qr.NotAnActivationLink:
        return None


def first_activation_code(texts: Iterable[str]) -> str | None:
    """The code of the first activation link among `texts`, as a scanner picks one QR code of several."""
    return next((code for code in map(activation_code_in, texts) if code is not None), None)
