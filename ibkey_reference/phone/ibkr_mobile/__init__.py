"""IBKR Mobile: the app screens of IB Key activation, push approval and challenge/response."""

from ibkey_reference.phone.ibkr_mobile.app import IBKRMobile
from ibkey_reference.phone.ibkr_mobile.pin import PIN_RULE, InvalidPin, check_pin

__all__ = ["PIN_RULE", "IBKRMobile", "InvalidPin", "check_pin"]
