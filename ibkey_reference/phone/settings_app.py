"""The phone's Settings app: airplane mode, notifications per app, and the camera's "Scan QR Codes"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ibkey_reference.phone.screen import Control, Screen, ScreenApp

if TYPE_CHECKING:
    from ibkey_reference.phone.device import Phone

SETTINGS = "Settings"
AIRPLANE_MODE = "Airplane Mode"
SCAN_QR_CODES = "Scan QR Codes"
# What the notification switch of one app is called on each platform.
NOTIFICATION_SWITCH = {"ios": "Allow Notifications", "android": "Show notifications"}


def _on_off(value: bool | None) -> str:
    return "On" if value else "Off"


class SettingsApp(ScreenApp):
    """iOS: Settings > Notifications > app, Settings > Camera. Android: Settings > <settings_label> > app."""

    name = SETTINGS

    def __init__(self, phone: Phone) -> None:
        super().__init__(phone)
        self.publisher = "Apple" if phone.platform == "ios" else "Google"

    def launch(self) -> None:
        self._alert = None
        self._to_root()

    def _to_root(self) -> None:
        phone = self.phone
        apps_entry = "Notifications" if phone.platform == "ios" else phone.settings_label
        widgets = [Control(AIRPLANE_MODE, "toggle", _on_off(not phone.network_on)), Control(apps_entry)]
        if phone.platform == "ios":
            widgets.append(Control("Camera"))
        screen = Screen(SETTINGS, widgets=widgets)
        screen.actions.update({
            AIRPLANE_MODE: self._toggle_airplane_mode,
            apps_entry: self._to_apps,
            "Camera": self._to_camera,
        })
        self._show(screen)

    def _toggle_airplane_mode(self) -> None:
        self.phone.set_network(not self.phone.network_on)
        self._to_root()

    def _to_apps(self) -> None:
        title = "Notifications" if self.phone.platform == "ios" else self.phone.settings_label
        names = sorted({app.name for app in self.phone.apps if not self.phone.is_system_app(app)})
        screen = Screen(title, widgets=[Control(name) for name in names] + [Control("Back", position="top left")])
        for name in names:
            screen.actions[name] = lambda name=name: self._to_app(name)
        screen.actions["Back"] = self._to_root
        self._show(screen)

    def _to_app(self, app_name: str) -> None:
        switch = NOTIFICATION_SWITCH[self.phone.platform]
        allowed = self.phone.notifications_allowed(app_name)
        screen = Screen(app_name, widgets=[Control(switch, "toggle", _on_off(allowed)),
                                           Control("Back", position="top left")])
        screen.actions.update({switch: lambda: self._toggle_notifications(app_name), "Back": self._to_apps})
        self._show(screen)

    def _toggle_notifications(self, app_name: str) -> None:
        self.phone.set_notifications_allowed(app_name, not self.phone.notifications_allowed(app_name))
        self._to_app(app_name)

    def _to_camera(self) -> None:
        screen = Screen("Camera", widgets=[Control(SCAN_QR_CODES, "toggle", _on_off(self.phone.scan_qr_codes)),
                                           Control("Back", position="top left")])
        screen.actions.update({SCAN_QR_CODES: self._toggle_scan_qr_codes, "Back": self._to_root})
        self._show(screen)

    def _toggle_scan_qr_codes(self) -> None:
        self.phone.scan_qr_codes = not self.phone.scan_qr_codes
        self._to_camera()
