import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ibkey_reference.phone.ibkr_mobile.pin import PIN_RULE, InvalidPin, check_pin


@pytest.mark.parametrize("pin", ["1234", "12345", "123456", "abcd", "AbC9", "!@#$", "a-b_c.", "~`'\"\\|"])
def test_four_to_six_letters_digits_or_special_characters(pin):
    assert check_pin(pin) == pin


@pytest.mark.parametrize("pin", ["", "1", "123", "1234567", "abcdefgh"])
def test_too_short_or_too_long_names_the_rule(pin):
    with pytest.raises(InvalidPin) as caught:
        check_pin(pin)
    assert f"has {len(pin)} characters" in str(caught.value)
    assert PIN_RULE in str(caught.value)
    assert caught.value.code == "pin_invalid"


@pytest.mark.parametrize("pin", ["12 34", " 1234", "1234 ", "12\t34"])
def test_spaces_are_refused(pin):
    with pytest.raises(InvalidPin, match="space"):
        check_pin(pin)


@pytest.mark.parametrize("pin", ["pïn1", "1234€", "ab😀c", "１２３４"])
def test_non_ascii_is_refused_without_echoing_the_pin(pin):
    with pytest.raises(InvalidPin) as caught:
        check_pin(pin)
    assert pin not in str(caught.value)
    assert PIN_RULE in str(caught.value)


@given(st.text(alphabet=string.ascii_letters + string.digits + string.punctuation, min_size=4, max_size=6))
def test_every_printable_ascii_pin_of_allowed_length_passes(pin):
    assert check_pin(pin) == pin
