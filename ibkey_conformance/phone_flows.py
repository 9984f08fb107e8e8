"""Documented paths through IBKR Mobile that scenarios take as given rather than as the subject."""

from __future__ import annotations

from ibkey_reference.phone.camera import CameraView
from ibkey_reference.phone.device import Phone
from ibkey_reference.phone.screen import ScreenApp

# The screen IBKR Mobile shows once the server accepted its push approval (a refusal leaves the Login Request
# screen with the server's message on it).
APPROVAL_ACCEPTED = "Authentication Complete"


class ActivationDidNotSucceed(AssertionError):
    """A Given that activates IB Key stopped on another screen: the scenario cannot start."""


def activate_with_typed_code(phone: Phone, code: str, pin: str = "1234") -> ScreenApp:
    """Services › Authenticate › Add User, then the typed Activation Code (iOS) or Session ID and PIN (Android)."""
    app = phone.open_app("IBKR Mobile").tap("Services").tap("Authenticate").tap("Add User")
    if phone.platform == "ios":
        app.tap("Setup IB Key using QR code").type("Activation Code", code).tap("Activate IB Key")
        phone.provide_security_element()
    else:
        app.type("Session ID", code).type("Create PIN", pin).tap("ACTIVATE")
    if app.screen.name != "Activation Successful":
        raise ActivationDidNotSucceed(f"{app.screen.name}: {app.screen.error_code} {app.screen.message}")
    return app


def point_camera(phone: Phone, screen_image: bytes, aim: tuple[float, float], distance_cm: float = 25) -> ScreenApp:
    """Hold the phone `distance_cm` from the screen, aimed at the QR code, with the lens the app has selected."""
    app = phone.foreground
    lens = getattr(app, "lens", "rear")
    return app.scan(screen_image, CameraView(distance_cm=distance_cm, lens=lens, aim=aim))


def log_in_to_ibkr_mobile(phone: Phone, username: str, password: str) -> ScreenApp:
    """The app's own login screen: user name, password, Log In."""
    return phone.foreground.type("Username", username).type("Password", password).tap("Log In")


def open_newest_notification(phone: Phone, wait: float = 5) -> ScreenApp:
    """Swipe down and tap the newest IBKR Mobile notification, once the push has had time to arrive."""
    if not phone.notification_centre:
        phone.sync_notifications(wait=wait)
    shown = phone.swipe_down()
    return phone.tap_notification(len(shown) - 1)


def screen_shown(phone: Phone) -> str:
    """The name of the phone's screen, with the message it shows when it shows one: what a check reports."""
    screen = phone.screen
    return f"{screen.name} ({screen.message})" if screen.message else screen.name


def generate_response(phone: Phone, challenge: str, pin: str | None = None) -> str:
    """Services › Authenticate: the PIN (Android) or the security element (iOS) turns a challenge into a response."""
    app = phone.open_app("IBKR Mobile").tap("Services").tap("Authenticate")
    if phone.platform == "android":
        app.type("PIN", pin)
    app.type("Challenge", challenge).tap("Generate Response")
    if phone.platform == "ios":
        phone.provide_security_element()
    return app.screen.values.get("Response", "")
