"""Errors the server gives a person, each with the message the seed documents (or the reference's own)."""

from ibkey_reference.errors import IBKeyError


class ServerError(IBKeyError):
    code = "server_error"


class InvalidCredentials(ServerError):
    code = "invalid_credentials"

    def __init__(self) -> None:
        super().__init__("Invalid username password combination")


class InvalidCharacters(ServerError):
    code = "invalid_characters"

    def __init__(self, characters: str) -> None:
        self.characters = characters
        super().__init__(
            f"Invalid characters in the user name: {characters!r}. "
            "A user name has letters (typed in lowercase), digits and underscores."
        )


class AccountLocked(ServerError):
    code = "account_locked"

    def __init__(self, until: int) -> None:
        self.until = until
        super().__init__(
            "Too many failed login attempts: this login is locked for 24 hours after the last failed attempt."
        )


class LoginFailed(ServerError):
    code = "login_failed"

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__("Login failed" + (f": {detail}" if detail else ""))


class TemporaryPasscodeExpired(ServerError):
    code = "temporary_passcode_expired"

    def __init__(self) -> None:
        super().__init__("Your temporary passcode has expired. Please contact Client Services.")


class SecurityCardExpired(ServerError):
    code = "security_card_expired"

    def __init__(self) -> None:
        super().__init__("Your online security card has expired. Please contact Client Services.")


class NotAvailableOnTradingPlatform(ServerError):
    code = "not_available_on_trading_platform"

    def __init__(self) -> None:
        super().__init__(
            "A temporary passcode logs in to the Client Portal only, not the trading platform. "
            "Print an online security card from the Client Portal."
        )


class TransactionNotFound(ServerError):
    code = "transaction_not_found"

    def __init__(self) -> None:
        super().__init__("This login is unknown or has ended. Please log in again.")


class TransactionExpired(ServerError):
    code = "transaction_expired"

    def __init__(self, what: str = "login") -> None:
        super().__init__(f"The {what} has expired. Please log in again.")


class WrongStep(ServerError):
    code = "wrong_step"

    def __init__(self, expected: str, state: str) -> None:
        super().__init__(f"This login is at step {state!r}; {expected} is not possible now.")


class UnknownDevice(ServerError):
    code = "unknown_device"

    def __init__(self, serial: str) -> None:
        super().__init__(f"No active Secure Login System device {serial!r} for this user.")


class ApprovalRejected(ServerError):
    code = "approval_rejected"

    def __init__(self, reason: str) -> None:
        super().__init__(f"The approval was refused: {reason}.")


class UserAlreadyEnrolled(ServerError):
    code = "activation_already_enrolled"

    def __init__(self) -> None:
        super().__init__(
            "This user already has IBKR Mobile Authentication (IB Key) activated. "
            "Log in to the Client Portal: if the notification arrives, nothing more is needed."
        )


class ActivationCodeUsed(ServerError):
    code = "activation_code_used"

    def __init__(self) -> None:
        super().__init__(
            "This QR code or activation code was already used. "
            "Log out of the Client Portal and log back in to get a fresh QR code."
        )


class ActivationExpired(ServerError):
    code = "activation_code_expired"

    def __init__(self) -> None:
        super().__init__(
            "This QR code or activation code has expired. "
            "Log out of the Client Portal and log back in to get a fresh QR code."
        )


class ActivationUnknown(ServerError):
    code = "activation_code_unknown"

    def __init__(self) -> None:
        super().__init__("No activation is waiting for this code. Check the characters under the QR code.")


class NoSuchUser(ServerError):
    code = "no_such_user"

    def __init__(self, username: str) -> None:
        super().__init__(f"No user named {username!r}.")


class UserExists(ServerError):
    code = "user_exists"

    def __init__(self, username: str) -> None:
        super().__init__(f"A user named {username!r} already exists.")


class PortsBlocked(ServerError):
    code = "ports_blocked"

    def __init__(self, ports: tuple[int, ...]) -> None:
        self.ports = ports
        names = "/".join(str(port) for port in ports)
        super().__init__(
            f"Cannot reach the trading platform: ports {names} are blocked. "
            "They are often blocked in public places such as hotels and cafes; "
            "open them for TCP in both directions, on the router too."
        )


class NoActiveSecurityDevice(ServerError):
    code = "no_active_security_device"

    def __init__(self) -> None:
        super().__init__(
            "Your security device is not active yet (in the mail, or suspended). It activates itself after a "
            "set time; until then, ask Client Services for a temporary passcode."
        )
