"""The rule for the PIN an Android user creates at activation, kept in one place."""

from __future__ import annotations

import string

from ibkey_reference.errors import IBKeyError

PIN_MIN, PIN_MAX = 4, 6
PIN_RULE = (
    f"The PIN must be at least {PIN_MIN} and up to {PIN_MAX} characters "
    "(letters, numbers and special characters allowed)."
)
PIN_GUIDELINES = (
    PIN_RULE,
    "Letters are A-Z and a-z; special characters are the ASCII punctuation marks, such as ! # $ % & * @.",
    "Spaces, accented letters and emoji are not accepted.",
    "Choose a PIN that is not easy to guess, and do not share it.",
)
_ALLOWED = frozenset(string.ascii_letters + string.digits + string.punctuation)


class InvalidPin(IBKeyError):
    """A PIN that breaks the PIN rule."""

    code = "pin_invalid"


def check_pin(pin: str, lengths: tuple[int, int] = (PIN_MIN, PIN_MAX)) -> str:
    """Return `pin` if it has 4-6 ASCII letters, digits or punctuation (no spaces), else raise InvalidPin.

    The seed allows "letters, numbers and special characters". Spaces are refused: they are invisible
    when masked and keyboards trim them. Non-ASCII letters are refused so the PIN types the same on
    every keyboard.
    """
    if not lengths[0] <= len(pin) <= lengths[1]:
        raise InvalidPin(f"the PIN has {len(pin)} characters. {PIN_RULE}")
    # The message names the kind of character, never the character: it is shown on screen and in reports.
    if any(char.isspace() for char in pin):
        raise InvalidPin(f"the PIN contains a space. {PIN_RULE} Spaces are not allowed.")
    if any(char not in _ALLOWED for char in pin):
        raise InvalidPin(
            f"the PIN contains a character that is not an ASCII letter, number or special character. {PIN_RULE}"
        )
    return pin
