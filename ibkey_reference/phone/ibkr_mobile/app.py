"""IBKR Mobile as a person drives it: IB Key activation, push approvals and challenge/response."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ibkey_reference import crypto, ocra, qr
from ibkey_reference.phone.camera import CameraView
from ibkey_reference.phone.device_api import DeviceApiError, PushMessage
from ibkey_reference.phone.errors import NoNetwork, NotOnScreen
from ibkey_reference.phone.ibkr_mobile import screens
from ibkey_reference.phone.ibkr_mobile.pin import InvalidPin
from ibkey_reference.phone.links import first_activation_code
from ibkey_reference.phone.screen import Screen, ScreenApp

if TYPE_CHECKING:
    from PIL import Image

    from ibkey_reference.phone.device import Phone

LOGIN_TARGETS = {"portal": "Client Portal", "trading": "Trading Platform"}
CHALLENGE_DIGITS_MAX = ocra.parse_suite(ocra.IBKEY_SUITE).question_max


class IBKRMobile(ScreenApp):
    """The genuine IBKR Mobile app; its data (enrollments, push address) lives as long as it is installed."""

    name = screens.APP

    def __init__(self, phone: Phone, publisher: str) -> None:
        super().__init__(phone)
        self.publisher = publisher
        self.platform = phone.platform
        self.push_address = crypto.random_token(24)
        self.notification_cursor = 0
        self.authenticator = phone.make_authenticator()
        self.device_serials: dict[str, str] = {}
        self.launched_before = False
        self.signed_in_user: str | None = None

    @property
    def usernames(self) -> list[str]:
        return self.authenticator.users()

    def device_serial(self, username: str) -> str:
        """The serial the server gave this phone when `username` activated IB Key on it."""
        try:
            return self.device_serials[username]
        except KeyError:
            raise KeyError(f"{username!r} did not activate IB Key in this app; activated: {self.usernames}") from None

    # -- launching ---------------------------------------------------------------------------------------

    def launch(self, link: str | None = None, notification: PushMessage | None = None) -> None:
        """A cold start: from the icon, from an activation link, or from a tapped notification."""
        self._alert = None
        first_launch, self.launched_before = not self.launched_before, True
        if notification is not None:
            self._to_login_request(notification)
            return
        if link is not None:
            self._open_activation_link(qr.parse_payload(link).code)
            return
        if first_launch and self.platform == "ios":
            self._to_welcome()
        elif self.signed_in_user:
            self._to_tab("Home")
        else:
            self._to_login()
        self._ask_for_notifications(then=None)

    def _ask_for_notifications(self, then: Callable[[], None] | None) -> None:
        if self.platform != "ios" or self.phone.notifications_allowed(self.name) is not None:
            if then:
                then()
            return
        alert = screens.notification_permission()

        def answer(allowed: bool) -> Callable[[], None]:
            def record() -> None:
                self.phone.set_notifications_allowed(self.name, allowed)
                if then:
                    then()
            return record

        alert.actions.update({"Allow": answer(True), "Don't Allow": answer(False)})
        self._show_alert(alert)

    def _open_activation_link(self, code: str) -> None:
        """iOS goes straight on to the security element; Android still needs the PIN created."""
        self._to_setup(code)
        if self.platform == "ios":
            self._ask_for_notifications(then=lambda: self._authorize_ios_activation(code))

    # -- navigation --------------------------------------------------------------------------------------

    def _to_welcome(self) -> None:
        screen = screens.welcome()
        screen.actions.update({screens.IOS_SETUP: lambda: self._to_setup(), "Log In": self._to_login})
        self._show(screen)

    def _to_login(self, message: str | None = None, error_code: str | None = None) -> None:
        screen = screens.login()
        screen.message, screen.error_code = message, error_code
        screen.actions.update({"Services": self._to_services, "Log In": lambda: self._log_in(screen)})
        self._show(screen)

    def _to_services(self) -> None:
        screen = screens.services()
        screen.actions.update({"Authenticate": lambda: self._to_authenticate(back=self._to_services),
                               "Back": self._to_login})
        self._show(screen)

    def _to_tab(self, name: str) -> None:
        screen = screens.tab(name, self.signed_in_user or "")
        for tab in screens.TABS:
            screen.actions[tab] = lambda tab=tab: self._to_tab(tab)
        screen.actions["Two-Factor Authentication"] = self._to_two_factor
        self._show(screen)

    def _to_two_factor(self) -> None:
        screen = screens.two_factor()
        screen.actions.update({
            "Authenticate": lambda: self._to_authenticate(back=self._to_two_factor),
            "Add User": lambda: self._to_add_user(back=self._to_two_factor),
            "Back": lambda: self._to_tab("More"),
        })
        self._show(screen)

    def _to_authenticate(
        self, back: Callable[[], None] | None = None, message: str | None = None, error_code: str | None = None
    ) -> None:
        back = back or self._to_services
        screen = screens.authenticate(self.platform, self.usernames)
        screen.message, screen.error_code = message, error_code
        screen.actions.update({
            "Generate Response": lambda: self._generate_response(screen, back),
            "Add User": lambda: self._to_add_user(back=lambda: self._to_authenticate(back)),
            "Back": back,
        })
        self._show(screen)

    def _to_add_user(self, back: Callable[[], None]) -> None:
        if self.platform == "android":
            self._to_setup()
            return
        screen = screens.add_user()
        screen.actions.update({screens.IOS_SETUP: lambda: self._to_setup(), "Back": back})
        self._show(screen)

    def _to_setup(self, code: str = "", message: str | None = None, error_code: str | None = None) -> None:
        """The activation screen: iOS 'Setup IB Key using QR code', Android 'Activate IB Key'."""
        if self.platform == "ios":
            screen = screens.ios_setup(code)
            screen.actions.update({
                "Launch Camera": self._launch_camera,
                "Activate IB Key": lambda: self._typed_ios_activation(screen.field("Activation Code")),
            })
        else:
            screen = screens.android_setup(code)
            screen.actions.update({
                "QR CODE": self._launch_camera,
                "+PIN Guidelines": lambda: self._to_pin_guidelines(screen),
                "ACTIVATE": lambda: self._android_activation(screen),
            })
        screen.actions["Back"] = lambda: self._to_authenticate()
        screen.message, screen.error_code = message, error_code
        self._show(screen)

    def _to_pin_guidelines(self, form: Screen) -> None:
        screen = screens.pin_guidelines()
        screen.actions["OK"] = lambda: self._show(form)
        self._show(screen)

    # -- the camera --------------------------------------------------------------------------------------

    def _launch_camera(self) -> None:
        allowed = self.phone.camera_allowed(self.name)
        if allowed is None:
            alert = screens.camera_permission(self.platform)

            def answer(choice: bool) -> Callable[[], None]:
                def record() -> None:
                    self.phone.set_camera_allowed(self.name, choice)
                    self._launch_camera()
                return record

            alert.actions.update({
                screens.CAMERA_ALLOW[self.platform]: answer(True),
                screens.CAMERA_DENY[self.platform]: answer(False),
            })
            self._show_alert(alert)
        elif allowed:
            screen = screens.scanner()
            screen.actions["Cancel"] = lambda: self._to_setup()
            self._show(screen)
        else:
            self._to_setup(
                message="IBKR Mobile has no access to the camera: allow it in Settings > IBKR Mobile > Camera, "
                "or type the code shown below the QR code.",
                error_code="camera_not_allowed",
            )

    def scan(self, screen_image: bytes | Image.Image, view: CameraView | None = None) -> ScreenApp:
        """Hold the phone, on the Scan QR Code screen, in front of `screen_image` as `view` says."""
        screen = self.screen
        if screen is not self._screen or screen.name != screens.SCANNER:
            raise NotOnScreen(self.name, screen.name, screens.SCANNER, screen.controls, action="scan from")
        texts = self.phone.camera.scan(screen_image, view or CameraView())
        code = first_activation_code(texts)
        if code is not None:
            if self.platform == "ios":
                self._to_setup(code)
                self._authorize_ios_activation(code)
            else:
                self._to_setup(code)
        elif texts:
            screen.message = (
                "This QR code is not an IB Key activation code. Scan the QR code shown in the Client Portal."
            )
            screen.error_code = "qr_not_activation_link"
        else:
            screen.message = "Scanning... If the code is not recognized, move the phone closer or farther away."
            screen.error_code = None
        return self.phone.foreground or self

    # -- activation --------------------------------------------------------------------------------------

    def _typed_ios_activation(self, typed: str) -> None:
        try:
            code = qr.normalize_activation_code(typed)
        except qr.InvalidActivationCode as error:
            self._to_setup(typed, message=_sentence(str(error)), error_code=error.code)
            return
        self._authorize_ios_activation(code)

    def _authorize_ios_activation(self, code: str) -> None:
        def on_result(provided: bool) -> None:
            if provided:
                self._activate(code, pin=None)
            else:
                self._to_setup(
                    code,
                    message=f"IB Key was not activated: {self.phone.security_element_name} was not provided. "
                    "Tap Activate IB Key to try again.",
                    error_code="security_element_failed",
                )

        self.phone.request_security_element(self, "Activate IBKR Mobile Authentication (IB Key)", on_result)

    def _android_activation(self, form: Screen) -> None:
        typed_code, pin = form.field("Session ID"), form.field("Create PIN")
        try:
            code = qr.normalize_activation_code(typed_code)
            self.authenticator.check_pin(pin)
        except (qr.InvalidActivationCode, InvalidPin) as error:
            self._to_setup(typed_code, message=_sentence(str(error)), error_code=error.code)
            return
        self._activate(code, pin=pin)

    def _activate(self, code: str, pin: str | None) -> None:
        try:
            self.phone.require_network()
            activated = self.authenticator.activate(
                code, pin=pin, device_name=self.phone.name, push_address=self.push_address
            )
        except NoNetwork as error:
            self._to_setup(code, message=str(error), error_code=error.code)
            return
        except (DeviceApiError, crypto.CryptoError) as error:
            self._to_activation_error(error.code, str(error), code)
            return
        self.device_serials[activated.username] = activated.device_serial
        screen = screens.activation_success(self.platform, activated.username)
        screen.actions[screens.DONE[self.platform]] = lambda: self._to_authenticate()
        self._show(screen)

    def _to_activation_error(self, code: str, message: str, activation_code: str) -> None:
        screen = screens.activation_error(code, message)
        screen.actions["OK"] = lambda: self._to_setup(activation_code)
        self._show(screen)

    # -- push login approval -----------------------------------------------------------------------------

    def describe(self, message: PushMessage) -> str:
        """The text of the notification the phone shows for a push login."""
        target = LOGIN_TARGETS.get(message.platform, message.platform)
        return f"Login request for {message.username} on the {target}. Tap to authenticate."

    def _to_login_request(
        self, message: PushMessage, note: str | None = None, error_code: str | None = None, retry: bool = False
    ) -> None:
        enrolled = message.username in self.usernames
        login_to = LOGIN_TARGETS.get(message.platform, message.platform)
        pin_entry = self.platform == "android" and enrolled and (not self.phone.fingerprint or error_code is not None)
        screen = screens.login_request(message.username, login_to, pin_entry=pin_entry, retry=retry)
        screen.message, screen.error_code = note, error_code
        screen.actions.update({
            "Cancel": lambda: self._to_authenticate(),
            "OK": lambda: self._send_approval(message, screen.field("PIN")),
            "Try Again": lambda: self._to_login_request(message),
        })
        self._show(screen)
        if not enrolled:
            screen.message = (
                f"{message.username} is not enrolled in IB Key in this app (it may have been reinstalled). "
                "Use challenge/response or activate IB Key again."
            )
            screen.error_code = "not_enrolled_here"
        elif not pin_entry and error_code is None:
            self._approve_with_security_element(message)

    def _approve_with_security_element(self, message: PushMessage) -> None:
        def on_result(provided: bool) -> None:
            if provided:
                self._send_approval(message, pin=None)
            elif self.platform == "android":
                self._to_login_request(message, "Fingerprint not used: enter your PIN to approve the login.", "use_pin")
            else:
                self._to_login_request(
                    message,
                    f"Not authenticated: {self.phone.security_element_name} was not provided. Nothing was sent.",
                    "security_element_failed",
                    retry=True,
                )

        self.phone.request_security_element(self, f"Approve the login of {message.username}", on_result)

    def _send_approval(self, message: PushMessage, pin: str | None) -> None:
        try:
            self.phone.require_network()
            self.authenticator.approve(message, pin=pin)
        except crypto.WrongPin:
            self._to_login_request(message, "Incorrect PIN. Nothing was sent; enter your PIN again.", "pin_wrong")
            return
        except (NoNetwork, DeviceApiError) as error:
            self._to_login_request(message, _sentence(str(error)), error.code, retry=isinstance(error, NoNetwork))
            return
        screen = screens.login_approved(self.platform, message.username)
        screen.actions[screens.DONE[self.platform]] = lambda: self._to_authenticate()
        self._show(screen)

    # -- challenge / response ----------------------------------------------------------------------------

    def _generate_response(self, screen: Screen, back: Callable[[], None]) -> None:
        username = screen.field("User") if len(self.usernames) > 1 else self.usernames[0]
        challenge = "".join(screen.field("Challenge").split())
        if not (challenge.isascii() and challenge.isdigit() and 4 <= len(challenge) <= CHALLENGE_DIGITS_MAX):
            self._to_authenticate(
                back,
                f"Enter the challenge code shown on the login screen: 4 to {CHALLENGE_DIGITS_MAX} digits.",
                "challenge_invalid",
            )
            return
        if self.platform == "android":
            self._show_response(username, challenge, screen.field("PIN"), back)
            return

        def on_result(provided: bool) -> None:
            if provided:
                self._show_response(username, challenge, None, back)
            else:
                self._to_authenticate(
                    back,
                    f"No response was generated: {self.phone.security_element_name} was not provided.",
                    "security_element_failed",
                )

        self.phone.request_security_element(self, "Generate the response string", on_result)

    def _show_response(self, username: str, challenge: str, pin: str | None, back: Callable[[], None]) -> None:
        try:
            answer = self.authenticator.respond(username, challenge, pin=pin)
        except crypto.WrongPin:
            self._to_authenticate(back, "Incorrect PIN. No response was generated; enter your PIN again.", "pin_wrong")
            return
        screen = screens.response(self.platform, username, answer)
        screen.actions[screens.DONE[self.platform]] = lambda: self._to_authenticate()
        self._show(screen)

    # -- logging in to the app ---------------------------------------------------------------------------

    def _log_in(self, screen: Screen) -> None:
        username, password = screen.field("Username"), screen.field("Password")
        try:
            login = self.phone.device_api().log_in(username, password)
        except (NoNetwork, DeviceApiError) as error:
            self._to_login(_sentence(str(error)), error.code)
            return
        if login.state != "complete":
            self._to_login(
                "This user logs in with two-factor authentication: approve the login with IB Key first.",
                "second_factor_required",
            )
            return
        self.signed_in_user = username
        self._to_tab("Home")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
