"""What goes wrong when a person (or a step) drives the simulated phone the wrong way."""

from __future__ import annotations

from ibkey_reference.errors import IBKeyError


class PhoneError(IBKeyError):
    """The phone was asked for something it cannot do in its current state."""

    code = "phone_error"


class NotOnScreen(PhoneError):
    """A control that the screen showing now does not have."""

    code = "not_on_screen"

    def __init__(
        self,
        app: str,
        screen: str,
        control: str,
        controls: list[str],
        *,
        action: str = "tap",
        suitable: tuple[str, list[str]] | None = None,
    ) -> None:
        self.app, self.screen, self.control, self.controls = app, screen, control, controls
        message = f"cannot {action} {control!r}: the {app} screen {screen!r} is showing and its controls are "
        message += _names(controls)
        if suitable is not None:
            kind, names = suitable
            message += f" ({kind}: {_names(names)})"
        super().__init__(message)


def _names(names: list[str]) -> str:
    return ", ".join(repr(name) for name in names) or "none"


class AppNotInstalled(PhoneError):
    """An app that is not on this phone."""

    code = "app_not_installed"


class AmbiguousApp(PhoneError):
    """Two installed apps share a name; the publisher says which one is meant."""

    code = "app_ambiguous"


class NoSecurityPrompt(PhoneError):
    """A security element was provided while nothing asked for one."""

    code = "no_security_prompt"


class NoNetwork(PhoneError):
    """The phone has no internet connection, so the app cannot reach IBKR."""

    code = "no_network"


class NotAnOption(PhoneError):
    """A choice that a picker on the screen does not offer."""

    code = "not_an_option"
