"""A test double for a phone with IB Key: no screens, but the phone's own device API client and keys."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from ibkey_reference import crypto, ocra
from ibkey_reference.phone.device_api import DeviceApiClient, PushMessage


@dataclass
class PhoneDouble:
    """What an enrolled phone keeps: its keys, the OCRA secret and counter, and its push address."""

    api: DeviceApiClient
    username: str
    device_serial: str
    push_address: str
    pin: str
    ocra_secret: bytes
    signing_key: crypto.DeviceSigningKey
    counter: int = 0

    @classmethod
    def enroll(
        cls, http: httpx.Client, activation_code: str, pin: str, device_name: str = "Test iPhone", platform: str = "ios"
    ) -> PhoneDouble:
        """Activate IB Key with the Session ID / Activation Code, as IBKR Mobile does after a scan."""
        api = DeviceApiClient(http)
        signing_key = crypto.DeviceSigningKey.generate()
        transport_key = crypto.TransportKey.generate()
        push_address = crypto.random_token(16)
        enrollment = api.activate(
            code=activation_code,
            platform=platform,
            device_name=device_name,
            signing_public_key=signing_key.public_bytes(),
            transport_public_key=transport_key.public_bytes(),
            pin_hash=ocra.pin_hash(pin),
            push_address=push_address,
        )
        return cls(
            api=api,
            username=enrollment.username,
            device_serial=enrollment.device_serial,
            push_address=push_address,
            pin=pin,
            ocra_secret=transport_key.open(enrollment.envelope, context=activation_code.encode()),
            signing_key=signing_key,
            counter=enrollment.counter,
        )

    def next_notification(self, wait: float = 5) -> PushMessage:
        """The newest push notification for this phone, long-polling up to `wait` seconds."""
        notifications = self.api.notifications(self.push_address, wait=wait)
        assert notifications, f"no push notification reached {self.push_address} within {wait} s"
        return notifications[-1]

    def sign_approval(self, notification: PushMessage) -> bytes:
        """The approval signature for `notification` (ECDSA: a fresh one, equally valid, on every call)."""
        message = crypto.approval_message(notification.transaction_id, notification.nonce, self.username)
        return self.signing_key.sign(message)

    def approve(self, notification: PushMessage) -> str:
        """Tap the notification and authenticate: sign the approval and send it; returns the login state."""
        return self.api.approve(
            notification.transaction_id, device_serial=self.device_serial, signature=self.sign_approval(notification)
        )

    def response_at(self, challenge: str, counter: int, pin: str | None = None) -> str:
        """The 8-digit OCRA response at any `counter`, leaving the phone's own counter where it is."""
        return ocra.response(
            ocra.IBKEY_SUITE, self.ocra_secret, challenge, counter=counter, pin=self.pin if pin is None else pin
        )

    def respond(self, challenge: str, pin: str | None = None) -> str:
        """IBKR Mobile's Authenticate screen: the 8-digit OCRA response (with `pin` if one is mistyped)."""
        answer = self.response_at(challenge, self.counter, pin)
        self.counter += 1
        return answer
