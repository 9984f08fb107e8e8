"""The simulated phone: its apps, network, permissions, notification centre and security element."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import httpx

from ibkey_reference import crypto
from ibkey_reference.phone import stores
from ibkey_reference.phone.camera import Camera
from ibkey_reference.phone.camera_app import BrowserApp, CameraApp
from ibkey_reference.phone.device_api import DeviceApiClient, PushMessage
from ibkey_reference.phone.errors import AmbiguousApp, AppNotInstalled, NoNetwork, NoSecurityPrompt, PhoneError
from ibkey_reference.phone.ibkr_mobile import IBKRMobile
from ibkey_reference.phone.ibkr_mobile.authenticator import Authenticator, ReferenceAuthenticator
from ibkey_reference.phone.links import activation_code_in
from ibkey_reference.phone.screen import Control, Screen, ScreenApp
from ibkey_reference.phone.settings_app import SettingsApp

SecurityElement = Literal["face_id", "touch_id", "passcode"]
SECURITY_ELEMENTS = ("face_id", "touch_id", "passcode")
ANDROID_SETTINGS_LABELS = ("Apps & notifications", "Sound & notifications")
PROMPT_NAMES = {"face_id": "Face ID", "touch_id": "Touch ID", "passcode": "Passcode", "fingerprint": "Fingerprint"}
ELEMENT_NAMES = {
    "face_id": "Face ID", "touch_id": "Touch ID", "passcode": "the passcode", "fingerprint": "your fingerprint",
}
NOTIFICATION_CENTRE = {"ios": "Notification Centre", "android": "Notifications"}
SYSTEM = {"ios": "iOS", "android": "Android"}


@dataclass(frozen=True)
class PhoneNotification:
    """A notification in the notification centre."""

    app: str
    title: str
    body: str
    message: PushMessage


@dataclass
class _SecurityPrompt:
    app: ScreenApp
    purpose: str
    kind: str
    on_result: Callable[[bool], None]
    passcode_fallback: bool


class Phone:
    """An iPhone or Android phone a person holds; build one with `Phone.ios(...)` or `Phone.android(...)`."""

    def __init__(
        self,
        platform: Literal["ios", "android"],
        *,
        name: str,
        http: httpx.Client | None = None,
        security_element: SecurityElement | None = None,
        passcode: str | None = None,
        fingerprint: bool = False,
        settings_label: str = ANDROID_SETTINGS_LABELS[0],
        pin_cost: crypto.KdfCost = crypto.PRODUCTION_COST,
        apple_id_password: str = "apple-id-password",
        camera: Camera | None = None,
        authenticator: Callable[[Phone], Authenticator] | None = None,
    ) -> None:
        if platform not in ("ios", "android"):
            raise ValueError(f"platform must be 'ios' or 'android', got {platform!r}")
        if platform == "ios" and security_element not in SECURITY_ELEMENTS:
            raise ValueError(f"security_element must be one of {SECURITY_ELEMENTS}, got {security_element!r}")
        if platform == "ios" and not passcode:
            raise ValueError("an iPhone needs a passcode: Face ID and Touch ID fall back to it")
        if platform == "android" and settings_label not in ANDROID_SETTINGS_LABELS:
            raise ValueError(f"settings_label must be one of {ANDROID_SETTINGS_LABELS}, got {settings_label!r}")
        self.platform = platform
        self.name = name
        self.http = http
        self.security_element = security_element
        self.passcode = passcode
        self.fingerprint = fingerprint
        # Face ID / Touch ID can be switched off while the hardware stays: the phone then asks for its passcode.
        self.biometrics_on = True
        self.settings_label = settings_label
        self.pin_cost = pin_cost
        self.apple_id_password = apple_id_password
        self.camera = camera or Camera()
        self._authenticator_factory = authenticator or ReferenceAuthenticator
        self.keychain = crypto.Keychain()
        self.network_on = True
        self.scan_qr_codes = True
        self.notification_centre: list[PhoneNotification] = []
        self.notification_centre_open = False
        self.apps: list[ScreenApp] = []
        self.foreground: ScreenApp | None = None
        self._notifications_allowed: dict[str, bool] = {}
        self._camera_allowed: dict[str, bool] = {}
        self._prompt: _SecurityPrompt | None = None
        self._system_apps: list[ScreenApp] = self._make_system_apps()
        self.apps.extend(self._system_apps)

    def make_authenticator(self) -> Authenticator:
        """The IB Key core for an IBKR Mobile installed on this phone: the reference's, or the one plugged in."""
        return self._authenticator_factory(self)

    def secret_values(self) -> tuple[str, ...]:
        """The unlock passcode and Apple ID password: what a record of this phone must not show."""
        return tuple(secret for secret in (self.passcode, self.apple_id_password) if secret)

    @classmethod
    def ios(
        cls,
        *,
        name: str = "iPhone",
        security_element: SecurityElement = "face_id",
        passcode: str = "123456",
        http: httpx.Client | None = None,
        **options,
    ) -> Phone:
        """An iPhone unlocked with Face ID, Touch ID or its passcode."""
        return cls("ios", name=name, security_element=security_element, passcode=passcode, http=http, **options)

    @classmethod
    def android(
        cls,
        *,
        name: str = "Android phone",
        settings_label: str = ANDROID_SETTINGS_LABELS[0],
        fingerprint: bool = False,
        http: httpx.Client | None = None,
        **options,
    ) -> Phone:
        """An Android phone; `settings_label` is what its Settings call the apps list."""
        return cls("android", name=name, settings_label=settings_label, fingerprint=fingerprint, http=http, **options)

    def _make_system_apps(self) -> list[ScreenApp]:
        if self.platform == "ios":
            store_apps: list[ScreenApp] = [stores.AppStore(self)]
        else:
            store_apps = [stores.AndroidStore(self, name) for name in stores.ANDROID_STORES]
        return [*store_apps, CameraApp(self), BrowserApp(self), SettingsApp(self)]

    # -- apps --------------------------------------------------------------------------------------------

    def is_system_app(self, app: ScreenApp) -> bool:
        return any(app is system for system in self._system_apps)

    def installed_app(self, name: str, publisher: str | None = None) -> ScreenApp | None:
        """The installed app called `name` (by `publisher`), or None."""
        found = [app for app in self.apps if app.name == name and publisher in (None, app.publisher)]
        if len(found) > 1:
            publishers = ", ".join(repr(app.publisher) for app in found)
            raise AmbiguousApp(f"{len(found)} installed apps are called {name!r} (by {publishers}); pass publisher=")
        return found[0] if found else None

    @property
    def ibkr_mobile(self) -> IBKRMobile | None:
        """The genuine IBKR Mobile app if it is installed (look-alikes do not count)."""
        return next((app for app in self.apps if isinstance(app, IBKRMobile)), None)

    def open_app(self, name: str, publisher: str | None = None) -> ScreenApp:
        """Tap an app's icon: it starts afresh on its first screen and comes to the front."""
        app = self.installed_app(name, publisher)
        if app is None:
            names = ", ".join(sorted({f"{app.name!r}" for app in self.apps}))
            hint = " Install it from a store first." if name == stores.IBKR_MOBILE else ""
            raise AppNotInstalled(f"{name!r} is not installed on this {self.platform} phone; it has {names}.{hint}")
        return self.launch(app)

    def launch(self, app: ScreenApp, **how) -> ScreenApp:
        """Bring an installed app to the front with a cold start (`how`: link= or notification=)."""
        self._prompt = None
        self.notification_centre_open = False
        self.foreground = app
        app.launch(**how)
        return app

    def go_home(self) -> None:
        """Press the home button / swipe up: no app in front."""
        self._prompt = None
        self.notification_centre_open = False
        self.foreground = None

    def install(self, listing: stores.Listing | str = stores.IBKR_MOBILE, *, opened_before: bool = False) -> ScreenApp:
        """Put an app on the phone as a store does; `opened_before` skips IBKR Mobile's first-launch questions."""
        if isinstance(listing, str):
            listing = stores.find_listing(self.platform, listing)
        app = self.installed_app(listing.name, listing.publisher)
        if app is None:
            app = IBKRMobile(self, listing.publisher) if listing.genuine else stores.LookAlikeApp(self, listing)
            self.apps.append(app)
            if self.platform == "android":
                self._notifications_allowed.setdefault(app.name, True)  # Android allows them unless turned off
        if opened_before and isinstance(app, IBKRMobile) and not app.launched_before:
            app.launched_before = True
            self._notifications_allowed.setdefault(app.name, True)
        return app

    def uninstall(self, name: str, publisher: str | None = None) -> None:
        """Remove an app and its data: IBKR Mobile forgets its enrollments and push address."""
        app = self.installed_app(name, publisher)
        if app is None or self.is_system_app(app):
            raise AppNotInstalled(f"{name!r} is not an installed app that can be removed")
        self.apps.remove(app)
        if self.foreground is app:
            self.go_home()
        if self.installed_app(name) is None:
            self._notifications_allowed.pop(name, None)
            self._camera_allowed.pop(name, None)
        self.notification_centre = [n for n in self.notification_centre if n.app != name]

    def open_url(self, url: str) -> ScreenApp:
        """Follow a link: IBKR Mobile takes activation links; ibkr.com sends a phone without it to its store."""
        is_activation_link = activation_code_in(url) is not None
        if is_activation_link and self.ibkr_mobile is not None:
            return self.launch(self.ibkr_mobile, link=url)
        if is_activation_link:
            store = self._system_apps[0]
            self.launch(store)
            store.show_listing(stores.GENUINE[self.platform])
            return store
        browser = next(app for app in self._system_apps if isinstance(app, BrowserApp))
        browser.url = url
        return self.launch(browser)

    # -- what is on the screen ---------------------------------------------------------------------------

    @property
    def screen(self) -> Screen:
        """What the phone shows: the notification centre, the app in front, or the home screen."""
        if self.notification_centre_open:
            return self._notification_centre_screen()
        if self.foreground is not None:
            return self.foreground.screen
        return Screen("Home Screen", SYSTEM[self.platform], [Control(app.name) for app in self.apps])

    def _notification_centre_screen(self) -> Screen:
        name = NOTIFICATION_CENTRE[self.platform]
        return Screen(
            name,
            name,
            [Control(f"{n.title}: {n.body}", "banner") for n in self.notification_centre],
            lines=() if self.notification_centre else ("No notifications",),
        )

    # -- network, permissions and settings ---------------------------------------------------------------

    def set_network(self, on: bool) -> None:
        """Connect or disconnect the phone (airplane mode, no Wi-Fi and no mobile data)."""
        self.network_on = on

    def require_network(self) -> None:
        """NoNetwork when the phone is offline: whatever IB Key core the app holds, it cannot reach a server."""
        if not self.network_on:
            raise NoNetwork(
                "No internet connection: turn off Airplane Mode or connect to Wi-Fi or mobile data and try again. "
                "Without a connection, log in with challenge/response."
            )

    def device_api(self) -> DeviceApiClient:
        """The device API over the phone's connection; NoNetwork when there is none."""
        self.require_network()
        if self.http is None:
            raise NoNetwork(
                "this phone is connected to no IBKR server; build it with http=httpx.Client(base_url=<portal URL>)"
            )
        return DeviceApiClient(self.http)

    def notifications_allowed(self, app_name: str) -> bool | None:
        """Whether the app may show notifications; None on iOS until the app has asked."""
        return self._notifications_allowed.get(app_name)

    def set_notifications_allowed(self, app_name: str, allowed: bool) -> None:
        self._notifications_allowed[app_name] = allowed

    def camera_allowed(self, app_name: str) -> bool | None:
        """Whether the app may use the camera; None until the app has asked."""
        return self._camera_allowed.get(app_name)

    def set_camera_allowed(self, app_name: str, allowed: bool) -> None:
        self._camera_allowed[app_name] = allowed

    # -- notifications -----------------------------------------------------------------------------------

    def sync_notifications(self, wait: float = 0) -> list[PhoneNotification]:
        """Deliver IBKR Mobile's new push logins to the notification centre; needs network and permission."""
        app = self.ibkr_mobile
        if app is None or not self.network_on or self.http is None:
            return []
        if self.notifications_allowed(app.name) is not True:
            return []
        messages = self.device_api().notifications(app.push_address, after=app.notification_cursor, wait=wait)
        if messages:
            app.notification_cursor = max(message.id for message in messages)
        delivered = [PhoneNotification(app.name, app.name, app.describe(message), message) for message in messages]
        self.notification_centre.extend(delivered)
        return delivered

    def swipe_down(self) -> list[PhoneNotification]:
        """Open the notification centre; returns what it shows."""
        self.notification_centre_open = True
        return list(self.notification_centre)

    def tap_notification(self, index: int = 0) -> ScreenApp:
        """Tap a notification: its app opens on the login request it announces."""
        if not self.notification_centre:
            raise PhoneError(
                "there is no notification to tap: call sync_notifications() after the login, with the network "
                "on and notifications allowed for IBKR Mobile"
            )
        if not -len(self.notification_centre) <= index < len(self.notification_centre):
            raise PhoneError(f"there are {len(self.notification_centre)} notifications; index {index} is not one")
        notification = self.notification_centre.pop(index)
        app = self.ibkr_mobile
        if app is None:
            raise AppNotInstalled(f"{notification.app!r} is no longer installed")
        return self.launch(app, notification=notification.message)

    # -- the security element ----------------------------------------------------------------------------

    @property
    def security_element_name(self) -> str:
        """What the user provides to unlock secrets: Face ID, Touch ID, the passcode or a fingerprint."""
        return ELEMENT_NAMES[self._element_kind()]

    @property
    def security_element_in_use(self) -> str:
        """face_id, touch_id, passcode, fingerprint or pin: what a prompt asks for now, switches included."""
        return self._element_kind()

    def set_biometrics(self, on: bool) -> None:
        """Switch Face ID or Touch ID on or off for unlocking and apps; the hardware and passcode stay."""
        self.biometrics_on = on

    def _element_kind(self) -> str:
        if self.platform == "ios":
            if self.security_element in ("face_id", "touch_id") and not self.biometrics_on:
                return "passcode"
            return self.security_element
        return "fingerprint" if self.fingerprint else "pin"

    def request_security_element(
        self, app: ScreenApp, purpose: str, on_result: Callable[[bool], None], *, passcode_fallback: bool = True
    ) -> None:
        """Show the system's Face ID / Touch ID / passcode / fingerprint prompt over `app`."""
        kind = self._element_kind()
        if kind == "pin":
            raise PhoneError("this Android phone has no fingerprint enrolled; the app must ask for its PIN")
        self._prompt = _SecurityPrompt(app, purpose, kind, on_result, passcode_fallback)

    def security_prompt_screen(self, app: ScreenApp) -> Screen | None:
        """The system prompt showing over `app`, if any."""
        prompt = self._prompt
        if prompt is None or prompt.app is not app:
            return None
        widgets = [Control("Use PIN")] if prompt.kind == "fingerprint" else []
        widgets.append(Control("Cancel"))
        screen = Screen(PROMPT_NAMES[prompt.kind], SYSTEM[self.platform], widgets, lines=(prompt.purpose,))
        screen.actions.update({"Cancel": lambda: self._resolve(False), "Use PIN": lambda: self._resolve(False)})
        return screen

    def provide_security_element(self, ok: bool = True, *, passcode: str | None = None) -> ScreenApp | None:
        """Look at the phone, touch the sensor or type the passcode; `ok=False` simulates a failure."""
        prompt = self._prompt
        if prompt is None:
            raise NoSecurityPrompt(
                "nothing is asking for Face ID, Touch ID, a passcode or a fingerprint; the prompt appears "
                "after, for example, scanning the QR code or tapping a notification"
            )
        if passcode is not None and prompt.kind != "passcode":
            raise PhoneError(f"the {PROMPT_NAMES[prompt.kind]} prompt is showing; passcode= is for the Passcode prompt")
        provided = ok if passcode is None else crypto.constant_time_equals(passcode, self.passcode or "")
        if not provided and prompt.kind in ("face_id", "touch_id") and prompt.passcode_fallback:
            prompt.kind = "passcode"  # iOS offers the device passcode when Face ID or Touch ID fails
            return self.foreground
        self._resolve(provided)
        return self.foreground

    def _resolve(self, provided: bool) -> None:
        prompt, self._prompt = self._prompt, None
        if prompt is not None:
            prompt.on_result(provided)
