"""Every IBKR Mobile screen: its name and exactly the controls the seed names, per platform.

The app (app.py) attaches what each control does; here is only what a person sees.
"""

from __future__ import annotations

from ibkey_reference.phone.ibkr_mobile.pin import PIN_GUIDELINES
from ibkey_reference.phone.screen import Control, Screen

APP = "IBKR Mobile"
DONE = {"ios": "Done", "android": "DONE"}
CAMERA_ALLOW = {"ios": "OK", "android": "Allow"}
CAMERA_DENY = {"ios": "Don't Allow", "android": "Deny"}
TABS = ("Home", "Portfolio", "Watchlists", "More")
SCANNER = "Scan QR Code"
IOS_SETUP = "Setup IB Key using QR code"
ANDROID_SETUP = "Activate IB Key"
SUCCESS_TEXT = "IBKR Mobile Authentication (IB Key) has been activated successfully."


def _screen(name: str, *widgets: Control, **details) -> Screen:
    return Screen(name, APP, list(widgets), **details)


def _back() -> Control:
    return Control("Back", position="top left")


def welcome() -> Screen:
    """iOS, first launch only: the app offers IB Key set-up before any login."""
    return _screen(
        "Welcome",
        Control(IOS_SETUP),
        Control("Log In"),
        lines=("Welcome to IBKR Mobile.",),
    )


def login() -> Screen:
    return _screen(
        "Login",
        Control("Services", position="top left"),
        Control("Username", "field"),
        Control("Password", "secret"),
        Control("Log In"),
    )


def tab(name: str, username: str) -> Screen:
    """Home, Portfolio, Watchlists or More, with the tab bar; More lists Two-Factor Authentication."""
    widgets = [Control("Two-Factor Authentication")] if name == "More" else []
    widgets += [Control(label, position="bottom right" if label == "More" else "bottom") for label in TABS]
    return _screen(name, *widgets, values={"User": username})


def services() -> Screen:
    return _screen("Services", Control("Authenticate"), _back())


def two_factor() -> Screen:
    return _screen("Two-Factor Authentication", Control("Authenticate"), Control("Add User"), _back())


def authenticate(platform: str, usernames: list[str]) -> Screen:
    """IB Key's own screen: Add User, and once users are enrolled the challenge/response inputs."""
    widgets: list[Control] = []
    if len(usernames) > 1:
        widgets.append(Control("User", "choice", usernames[0], tuple(usernames)))
    if usernames:
        if platform == "android":
            widgets.append(Control("PIN", "secret"))
        widgets += [Control("Challenge", "field"), Control("Generate Response")]
    widgets += [Control("Add User"), _back()]
    values = {"User": usernames[0]} if len(usernames) == 1 else {}
    lines = () if usernames else ("No user has IBKR Mobile Authentication (IB Key) on this phone yet.",)
    return _screen("Authenticate", *widgets, values=values, lines=lines)


def add_user() -> Screen:
    """iOS: how to add a user to IB Key."""
    return _screen("Add User", Control(IOS_SETUP), _back())


def ios_setup(code: str = "") -> Screen:
    return _screen(
        IOS_SETUP,
        Control("Launch Camera"),
        Control("Activation Code", "field", code),
        Control("Activate IB Key"),
        _back(),
        lines=("Scan the QR code shown in the Client Portal, or type the code printed below it.",),
    )


def android_setup(session_id: str = "") -> Screen:
    return _screen(
        ANDROID_SETUP,
        Control("Session ID", "field", session_id),
        Control("QR CODE"),
        Control("Create PIN", "secret"),
        Control("+PIN Guidelines"),
        Control("ACTIVATE"),
        _back(),
    )


def pin_guidelines() -> Screen:
    return _screen("PIN Guidelines", Control("OK"), lines=PIN_GUIDELINES)


def camera_permission(platform: str) -> Screen:
    text = (
        '"IBKR Mobile" Would Like to Access the Camera'
        if platform == "ios"
        else "Allow IBKR Mobile to take pictures and record video?"
    )
    return _screen("Camera Permission", Control(CAMERA_DENY[platform]), Control(CAMERA_ALLOW[platform]), lines=(text,))


def notification_permission() -> Screen:
    """iOS asks once, at the first launch."""
    return _screen(
        "Notification Permission",
        Control("Don't Allow"),
        Control("Allow"),
        lines=('"IBKR Mobile" Would Like to Send You Notifications',),
    )


def scanner() -> Screen:
    return _screen(SCANNER, Control("Cancel"), lines=("Point the camera at the QR code in the Client Portal.",))


def activation_success(platform: str, username: str) -> Screen:
    return _screen(
        "Activation Successful", Control(DONE[platform]), lines=(SUCCESS_TEXT,), values={"User": username}
    )


def activation_error(code: str, message: str) -> Screen:
    """The error screen for an already enrolled user and a used, expired or unknown code."""
    return _screen(
        "Activation Failed",
        Control("OK"),
        lines=("IBKR Mobile Authentication (IB Key) could not be activated.",),
        values={"Error": code},
        message=message,
        error_code=code,
    )


def login_request(username: str, login_to: str, *, pin_entry: bool, retry: bool) -> Screen:
    """A push notification opened: who is logging in where, and (Android) the PIN to approve it."""
    widgets = [Control("PIN", "secret"), Control("OK")] if pin_entry else []
    if retry:
        widgets.append(Control("Try Again"))
    return _screen(
        "Login Request",
        *widgets,
        Control("Cancel"),
        values={"User": username, "Login to": login_to},
        lines=("Authenticate to continue the login.",),
    )


def login_approved(platform: str, username: str) -> Screen:
    return _screen(
        "Authentication Complete",
        Control(DONE[platform]),
        values={"User": username},
        lines=("The login continues automatically on the Client Portal or trading platform.",),
    )


def response(platform: str, username: str, response_string: str) -> Screen:
    """The 8-digit response string, shown so the user can type it into the login screen."""
    return _screen(
        "Response",
        Control(DONE[platform]),
        values={"User": username, "Response": response_string},
        lines=("Enter this response string in the login screen.",),
    )
