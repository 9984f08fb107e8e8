"""A test double for a phone with IB Key: it enrolls over the device API and answers like IBKR Mobile."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from ibkey_reference import crypto, ocra


@dataclass
class PhoneDouble:
    """What an enrolled phone keeps: its keys, the OCRA secret and counter, and its push address."""

    base_url: str
    username: str
    device_serial: str
    push_address: str
    pin: str
    ocra_secret: bytes
    signing_key: crypto.DeviceSigningKey
    counter: int = 0

    @classmethod
    def enroll(
        cls, base_url: str, activation_code: str, pin: str, device_name: str = "Test iPhone", platform: str = "ios"
    ) -> PhoneDouble:
        """Activate IB Key with the Session ID / Activation Code, as IBKR Mobile does after a scan."""
        signing_key = crypto.DeviceSigningKey.generate()
        transport_key = crypto.TransportKey.generate()
        push_address = crypto.random_token(16)
        with httpx.Client(base_url=base_url) as http:
            reply = http.post(
                "/api/v1/activations",
                json={
                    "code": activation_code,
                    "platform": platform,
                    "device_name": device_name,
                    "signing_public_key": crypto.b64e(signing_key.public_bytes()),
                    "transport_public_key": crypto.b64e(transport_key.public_bytes()),
                    "pin_hash": ocra.pin_hash(pin).hex(),
                    "push_address": push_address,
                },
            )
        assert reply.status_code == 201, reply.text
        enrollment = reply.json()
        envelope = crypto.SealedEnvelope.from_json(enrollment["envelope"])
        return cls(
            base_url=base_url,
            username=enrollment["username"],
            device_serial=enrollment["device_serial"],
            push_address=push_address,
            pin=pin,
            ocra_secret=transport_key.open(envelope, context=activation_code.encode()),
            signing_key=signing_key,
            counter=enrollment["counter"],
        )

    def next_notification(self, wait: float = 5) -> dict:
        """The newest push notification for this phone, long-polling up to `wait` seconds."""
        with httpx.Client(base_url=self.base_url, timeout=wait + 5) as http:
            reply = http.get(f"/api/v1/push/{self.push_address}", params={"wait": wait})
        reply.raise_for_status()
        notifications = reply.json()["notifications"]
        assert notifications, f"no push notification reached {self.push_address} within {wait} s"
        return notifications[-1]

    def approve(self, notification: dict) -> str:
        """Tap the notification and authenticate: sign the approval and send it; returns the login state."""
        message = crypto.approval_message(notification["transaction_id"], notification["nonce"], self.username)
        with httpx.Client(base_url=self.base_url) as http:
            reply = http.post(
                f"/api/v1/logins/{notification['transaction_id']}/approval",
                json={"device_serial": self.device_serial, "signature": crypto.b64e(self.signing_key.sign(message))},
            )
        reply.raise_for_status()
        return reply.json()["state"]

    def respond(self, challenge: str, pin: str | None = None) -> str:
        """IBKR Mobile's Authenticate screen: the 8-digit OCRA response (with `pin` if one is mistyped)."""
        answer = ocra.response(
            ocra.IBKEY_SUITE, self.ocra_secret, challenge, counter=self.counter, pin=self.pin if pin is None else pin
        )
        self.counter += 1
        return answer
