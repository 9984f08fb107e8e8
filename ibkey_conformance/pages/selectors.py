"""The portal's element selectors: the real Client Portal's where public automation names them (docs/protocol.md)."""

from __future__ import annotations

DEFAULT_SELECTORS: dict[str, str] = {
    "login_heading": ".login h1",
    "username": "#xyz-field-username",
    "password": "#xyz-field-password",
    "login_button": ".btn.btn-lg.xyz-button-login",
    "error": ".login-error-message",  # the message a person reads
    "automation_error": ".xyz-errormessage",  # the first one is what IBeam compares ("failed" for a second factor)
    "second_factor": "#second-factor",
    "code_entry": "#twofactbase",
    "device_select": "#xyz-field-sls-device",
    "device_continue": "#xyz-button-device",  # shown only with JavaScript off
    "push_wait": ".login-step-notification",
    "resend_notification": "a[onclick*='resendNotification()']",
    "no_notification_link": "#xyz-link-no-notification",
    "challenge": "#xyz-challenge-code",
    "challenge_response": "#xyz-field-gold-response",
    "temporary_passcode": "#xyz-field-temp-response",
    "card_positions": "#xyz-card-positions",
    "card_response": "#xyz-field-bronze-response",
    "response_submit": "#xyz-button-response",
    "gateway_status": "pre",  # the API gateway's plain-text answer, as the browser shows it
    "username_banner": "#portal-username",
    "activation_banner": "#ibkey-banner",
    "activation_qr": "#ibkey-qr",
    "activation_code": "#ibkey-activation-code",
    "ibkey_status": "#ibkey-status",
    "logout": "#logout",
    "language_switch": "#lang-switch",
    "security_nav": "#nav-security",
    "devices": "#sls-devices",
    "print_card": "#print-security-card",
    "card_table": "#security-card",
    "reactivated": "#reactivated",
}
