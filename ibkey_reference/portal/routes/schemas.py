"""The JSON bodies of the device API and the login API, as the OpenAPI schema publishes them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

B64URL = r"^[A-Za-z0-9_-]*$"


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable error code, e.g. activation_code_expired")
    message: str = Field(description="What went wrong and what to do, for a person")


class ErrorBody(BaseModel):
    error: ErrorDetail


class ActivationIn(BaseModel):
    code: str = Field(min_length=1, max_length=64, description="Session ID / Activation Code, as scanned or typed")
    platform: Literal["ios", "android"]
    device_name: str = Field(min_length=1, max_length=80)
    signing_public_key: str = Field(pattern=B64URL, max_length=200, description="P-256 point, base64url")
    transport_public_key: str = Field(pattern=B64URL, max_length=200, description="P-256 point, base64url")
    pin_hash: str = Field(pattern=r"^[0-9a-f]{40}$", description="SHA-1 of the PIN, hex (OCRA P input)")
    push_address: str = Field(min_length=16, max_length=128, pattern=B64URL)


class EnvelopeOut(BaseModel):
    ephemeral_public: str
    nonce: str
    ciphertext: str


class ActivationOut(BaseModel):
    username: str
    device_serial: str
    suite: str
    counter: int
    envelope: EnvelopeOut


class NotificationOut(BaseModel):
    id: int
    transaction_id: str
    nonce: str
    username: str
    platform: str
    device_serial: str
    expires_at: int


class NotificationsOut(BaseModel):
    notifications: list[NotificationOut]


class ApprovalIn(BaseModel):
    device_serial: str = Field(min_length=1, max_length=40)
    signature: str = Field(pattern=B64URL, min_length=1, max_length=200, description="DER ECDSA, base64url")


class LoginIn(BaseModel):
    username: str = Field(max_length=128)
    password: str = Field(max_length=256)
    platform: Literal["portal", "trading"] = "portal"


class FactorIn(BaseModel):
    factor: str = Field(min_length=1, max_length=40, description="A device serial, temporary_passcode or security_card")


class AnswerIn(BaseModel):
    answer: str = Field(max_length=64)


class FactorOut(BaseModel):
    key: str
    kind: str
    label: str


class LoginOut(BaseModel):
    transaction_id: str
    username: str
    platform: str
    state: str
    factors: list[FactorOut]
    method: str | None
    device_serial: str | None
    challenge: str | None
    card_positions: list[str]
    push_expired: bool


class StateOut(BaseModel):
    state: str
