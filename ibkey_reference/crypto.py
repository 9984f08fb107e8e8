"""Every cryptographic primitive IB Key uses; the only module that imports cryptography.hazmat.

Wire bytes are base64url without padding. Failures surface as `CryptoError` subclasses, raised
`from None` so neither library exceptions nor key material travel with them.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature as _LibraryInvalidSignature
from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ibkey_reference.errors import IBKeyError


class CryptoError(IBKeyError):
    """A cryptographic operation refused its input."""

    code = "crypto_error"


class MalformedData(CryptoError):
    """Bytes or text that do not have the shape the operation expects."""

    code = "data_malformed"


class MalformedKey(CryptoError):
    """A key that is not a valid P-256 key in the expected encoding."""

    code = "key_malformed"


class InvalidSignature(CryptoError):
    """A signature that does not verify for this key and message."""

    code = "signature_invalid"


class DecryptionFailed(CryptoError):
    """Ciphertext that does not open with this key and context."""

    code = "decryption_failed"


class WrongPin(DecryptionFailed):
    """A PIN that does not open the sealed secret."""

    code = "pin_wrong"


class KeychainLocked(CryptoError):
    """A keychain read attempted without a passed biometric or passcode check."""

    code = "keychain_locked"


_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


def b64e(data: bytes) -> str:
    """Base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64d(text: str, *, field: str = "value") -> bytes:
    """Decode base64url without padding; `field` names the input in the error message."""
    if not isinstance(text, str) or not _BASE64URL.fullmatch(text) or len(text) % 4 == 1:
        raise MalformedData(f"{field} is not base64url without padding (alphabet A-Z a-z 0-9 - _, no '=')")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error:
        raise MalformedData(f"{field} is not valid base64url") from None
    # One text per byte string: refuse encodings whose unused trailing bits are set.
    if b64e(data) != text:
        raise MalformedData(f"{field} is not canonical base64url (its last character has stray bits)")
    return data


_CURVE = ec.SECP256R1()
_POINT_SIZE = 65  # 0x04 || X || Y


def _load_public(public_key: bytes, *, role: str) -> ec.EllipticCurvePublicKey:
    if not isinstance(public_key, bytes) or len(public_key) != _POINT_SIZE or public_key[0] != 0x04:
        raise MalformedKey(
            f"{role} must be an uncompressed X9.62 P-256 point: {_POINT_SIZE} bytes starting with 0x04"
        )
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(_CURVE, public_key)
    except ValueError:
        raise MalformedKey(f"{role} is not a point on the P-256 curve") from None


def check_public_key(public_key: bytes, role: str = "public key") -> None:
    """Raise MalformedKey unless `public_key` is an uncompressed P-256 point."""
    _load_public(public_key, role=role)


def _public_bytes(private_key: ec.EllipticCurvePrivateKey) -> bytes:
    return private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


class DeviceSigningKey:
    """The phone's ECDSA P-256 / SHA-256 key that signs login approvals."""

    __slots__ = ("_private_key",)

    def __init__(self, private_key: ec.EllipticCurvePrivateKey) -> None:
        self._private_key = private_key

    @classmethod
    def generate(cls) -> DeviceSigningKey:
        return cls(ec.generate_private_key(_CURVE))

    @classmethod
    def from_private_bytes(cls, pkcs8_der: bytes) -> DeviceSigningKey:
        """Load a key written by `to_private_bytes`."""
        try:
            private_key = serialization.load_der_private_key(pkcs8_der, password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            raise MalformedKey("device signing key is not an unencrypted PKCS#8 DER private key") from None
        if not isinstance(private_key, ec.EllipticCurvePrivateKey) or private_key.curve.name != _CURVE.name:
            raise MalformedKey("device signing key must be an EC key on P-256 (secp256r1)")
        return cls(private_key)

    def public_bytes(self) -> bytes:
        """The public key as a 65-byte uncompressed X9.62 point."""
        return _public_bytes(self._private_key)

    def sign(self, message: bytes) -> bytes:
        """A DER-encoded ECDSA signature over SHA-256(message)."""
        return self._private_key.sign(message, ec.ECDSA(hashes.SHA256()))

    def to_private_bytes(self) -> bytes:
        """Unencrypted PKCS#8 DER; seal it (PIN or keychain) before it touches storage."""
        return self._private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )


def verify_signature(public_key: bytes, message: bytes, signature: bytes) -> None:
    """Raise InvalidSignature unless `signature` signs `message`; MalformedKey for a bad public key."""
    key = _load_public(public_key, role="device public key")
    try:
        key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
    except _LibraryInvalidSignature:
        raise InvalidSignature(
            "signature does not verify against the enrolled device key for this message"
        ) from None


_APPROVAL_PREFIX = b"ibkey-approve:v1\n"


def approval_message(transaction_id: str, nonce: str, user: str) -> bytes:
    """The canonical bytes a phone signs to approve one push login."""
    fields = {"transaction_id": transaction_id, "nonce": nonce, "user": user}
    for name, value in fields.items():
        if "\n" in value:
            raise MalformedData(f"approval field {name} must not contain a newline; it separates fields")
    return _APPROVAL_PREFIX + "\n".join(fields.values()).encode("utf-8")


_TRANSPORT_INFO = b"ibkey-ocra-transport-v1"
_NONCE_SIZE = 12
_TAG_SIZE = 16


def _transport_aead(
    private_key: ec.EllipticCurvePrivateKey, peer: ec.EllipticCurvePublicKey, context: bytes
) -> AESGCM:
    shared = private_key.exchange(ec.ECDH(), peer)
    return AESGCM(HKDF(hashes.SHA256(), length=32, salt=None, info=_TRANSPORT_INFO + context).derive(shared))


@dataclass(frozen=True)
class SealedEnvelope:
    """An OCRA secret in transit from server to device."""

    ephemeral_public: bytes
    nonce: bytes
    ciphertext: bytes

    def __post_init__(self) -> None:
        if len(self.ephemeral_public) != _POINT_SIZE:
            raise MalformedData(f"sealed envelope ephemeral_public must be {_POINT_SIZE} bytes")
        if len(self.nonce) != _NONCE_SIZE:
            raise MalformedData(f"sealed envelope nonce must be {_NONCE_SIZE} bytes")
        if len(self.ciphertext) < _TAG_SIZE:
            raise MalformedData(f"sealed envelope ciphertext must hold at least the {_TAG_SIZE}-byte tag")

    def to_json(self) -> dict[str, str]:
        return {
            "ephemeral_public": b64e(self.ephemeral_public),
            "nonce": b64e(self.nonce),
            "ciphertext": b64e(self.ciphertext),
        }

    @classmethod
    def from_json(cls, document: Mapping[str, str]) -> SealedEnvelope:
        """Parse the `to_json` shape; errors name the field that is missing or bad."""
        if not isinstance(document, Mapping):
            raise MalformedData(
                "sealed envelope must be a JSON object with ephemeral_public, nonce, ciphertext"
            )
        fields = {}
        for name in ("ephemeral_public", "nonce", "ciphertext"):
            if name not in document:
                raise MalformedData(
                    f"sealed envelope is missing {name!r}; expected ephemeral_public, nonce, ciphertext"
                )
            fields[name] = b64d(document[name], field=f"sealed envelope field {name!r}")
        return cls(**fields)


class TransportKey:
    """The device's ephemeral P-256 key that receives the OCRA secret at activation."""

    __slots__ = ("_private_key",)

    def __init__(self, private_key: ec.EllipticCurvePrivateKey) -> None:
        self._private_key = private_key

    @classmethod
    def generate(cls) -> TransportKey:
        return cls(ec.generate_private_key(_CURVE))

    def public_bytes(self) -> bytes:
        return _public_bytes(self._private_key)

    def open(self, envelope: SealedEnvelope, context: bytes) -> bytes:
        """The secret sealed for this key under `context` (the activation session id)."""
        try:
            server_public = _load_public(envelope.ephemeral_public, role="envelope ephemeral_public")
        except MalformedKey:
            raise DecryptionFailed("sealed envelope carries an invalid ephemeral public key") from None
        aead = _transport_aead(self._private_key, server_public, context)
        try:
            return aead.decrypt(envelope.nonce, envelope.ciphertext, context)
        except InvalidTag:
            raise DecryptionFailed(
                "sealed envelope does not open: it was sealed for another device key or activation "
                "session, or altered in transit"
            ) from None


def seal_for_device(device_public: bytes, secret: bytes, context: bytes) -> SealedEnvelope:
    """Seal `secret` so only the holder of `device_public` can open it, bound to `context`."""
    device_key = _load_public(device_public, role="device transport public key")
    ephemeral = ec.generate_private_key(_CURVE)
    nonce = secrets.token_bytes(_NONCE_SIZE)
    ciphertext = _transport_aead(ephemeral, device_key, context).encrypt(nonce, secret, context)
    return SealedEnvelope(_public_bytes(ephemeral), nonce, ciphertext)


# Costs are read back from blobs and stored hashes, so a bound keeps a crafted value from
# asking scrypt for unbounded memory (scrypt needs about 128 * n * r bytes).
_MAX_SCRYPT_MEMORY = 256 * 2**20


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class KdfCost:
    """scrypt work factors: n (CPU/memory, a power of two), r (block size), p (parallelism)."""

    n: int
    r: int = 8
    p: int = 1

    def __post_init__(self) -> None:
        if not _is_int(self.n) or self.n < 2 or self.n & (self.n - 1):
            raise MalformedData(f"scrypt n must be a power of two >= 2; got {self.n!r}")
        if not _is_int(self.r) or not 1 <= self.r <= 255:
            raise MalformedData(f"scrypt r must be an integer from 1 to 255; got {self.r!r}")
        if not _is_int(self.p) or not 1 <= self.p <= 255:
            raise MalformedData(f"scrypt p must be an integer from 1 to 255; got {self.p!r}")
        if 128 * self.n * self.r > _MAX_SCRYPT_MEMORY:
            raise MalformedData(
                f"scrypt n={self.n}, r={self.r} needs more than {_MAX_SCRYPT_MEMORY >> 20} MiB; lower n or r"
            )

    @property
    def n_log2(self) -> int:
        return self.n.bit_length() - 1

    def derive(self, secret: bytes, salt: bytes, length: int = 32) -> bytes:
        """scrypt(secret, salt) with these factors."""
        return Scrypt(salt=salt, length=length, n=self.n, r=self.r, p=self.p).derive(secret)


# 32 MiB and ~0.15 s per derivation; cryptography sizes scrypt's maxmem itself, so this needs no override.
PRODUCTION_COST = KdfCost(2**15)
TEST_COST = KdfCost(2**4)

_SALT_SIZE = 16

_PIN_BLOB_VERSION = 1
_PIN_HEADER_SIZE = 4 + _SALT_SIZE  # version, log2 n, r, p, salt
_PIN_BLOB_MIN_SIZE = _PIN_HEADER_SIZE + _NONCE_SIZE + _TAG_SIZE


def seal_with_pin(secret: bytes, pin: str, cost: KdfCost) -> bytes:
    """Seal under a key scrypt derives from `pin`; the blob records its own cost and salt."""
    salt = secrets.token_bytes(_SALT_SIZE)
    header = bytes([_PIN_BLOB_VERSION, cost.n_log2, cost.r, cost.p]) + salt
    nonce = secrets.token_bytes(_NONCE_SIZE)
    key = cost.derive(pin.encode("utf-8"), salt)
    return header + nonce + AESGCM(key).encrypt(nonce, secret, header)


def open_with_pin(blob: bytes, pin: str) -> bytes:
    """The secret `seal_with_pin` sealed; WrongPin if `pin` is not the one it was sealed with."""
    if not isinstance(blob, bytes) or len(blob) < _PIN_BLOB_MIN_SIZE:
        raise MalformedData(f"PIN-sealed blob is truncated: it needs at least {_PIN_BLOB_MIN_SIZE} bytes")
    if blob[0] != _PIN_BLOB_VERSION:
        raise MalformedData(
            f"PIN-sealed blob has version {blob[0]}; this code reads version {_PIN_BLOB_VERSION}"
        )
    try:
        cost = KdfCost(1 << blob[1], blob[2], blob[3])
    except MalformedData as error:
        raise MalformedData(f"PIN-sealed blob records an unusable cost: {error}") from None
    header, nonce, ciphertext = (
        blob[:_PIN_HEADER_SIZE],
        blob[_PIN_HEADER_SIZE : _PIN_HEADER_SIZE + _NONCE_SIZE],
        blob[_PIN_HEADER_SIZE + _NONCE_SIZE :],
    )
    salt = header[4:]
    key = cost.derive(pin.encode("utf-8"), salt)
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, header)
    except InvalidTag:
        # GCM cannot tell a wrong PIN from an altered blob; the wrong PIN is by far the likelier.
        raise WrongPin("the PIN does not open this sealed secret; check the PIN and try again") from None


_KEYCHAIN_BLOB_VERSION = 1


class Keychain:
    """A simulated Secure Enclave / Keystore: a wrapping key that never leaves this object."""

    __slots__ = ("_aead",)

    def __init__(self) -> None:
        self._aead = AESGCM(AESGCM.generate_key(bit_length=256))

    def __repr__(self) -> str:
        return "Keychain(<wrapping key withheld>)"

    def seal(self, secret: bytes, label: str) -> bytes:
        """Wrap `secret` under this keychain; `label` is stored with it and authenticated."""
        label_bytes = label.encode("utf-8")
        if len(label_bytes) > 0xFFFF:
            raise MalformedData("keychain label must be at most 65535 bytes of UTF-8")
        header = bytes([_KEYCHAIN_BLOB_VERSION]) + len(label_bytes).to_bytes(2, "big") + label_bytes
        nonce = secrets.token_bytes(_NONCE_SIZE)
        return header + nonce + self._aead.encrypt(nonce, secret, header)

    def open(self, blob: bytes, *, authenticated: bool) -> bytes:
        """Unwrap `blob`, only after the caller's biometric or passcode check succeeded."""
        if authenticated is not True:
            raise KeychainLocked(
                "keychain is locked: pass authenticated=True only after Face ID, Touch ID, "
                "fingerprint or the device passcode succeeds"
            )
        if not isinstance(blob, bytes) or len(blob) < 3 or blob[0] != _KEYCHAIN_BLOB_VERSION:
            raise MalformedData(f"keychain blob must start with version {_KEYCHAIN_BLOB_VERSION} and a label")
        header_size = 3 + int.from_bytes(blob[1:3], "big")
        if len(blob) < header_size + _NONCE_SIZE + _TAG_SIZE:
            raise MalformedData("keychain blob is truncated")
        header = blob[:header_size]
        nonce = blob[header_size : header_size + _NONCE_SIZE]
        try:
            return self._aead.decrypt(nonce, blob[header_size + _NONCE_SIZE :], header)
        except InvalidTag:
            raise DecryptionFailed(
                "keychain blob does not open here: it was sealed by another keychain (another device "
                "or a reinstalled app) or altered"
            ) from None


_PASSWORD_HASH_SIZE = 32
_PASSWORD_FORMAT = "scrypt$<n>$<r>$<p>$<salt base64url>$<hash base64url>"


def hash_password(password: str, cost: KdfCost) -> str:
    """An encoded scrypt hash: scrypt$<n>$<r>$<p>$<salt>$<hash>, with a fresh 16-byte salt."""
    salt = secrets.token_bytes(_SALT_SIZE)
    digest = cost.derive(password.encode("utf-8"), salt, _PASSWORD_HASH_SIZE)
    return f"scrypt${cost.n}${cost.r}${cost.p}${b64e(salt)}${b64e(digest)}"


def _parse_password_hash(encoded: str) -> tuple[KdfCost, bytes, bytes]:
    parts = encoded.split("$") if isinstance(encoded, str) else []
    if (
        len(parts) != 6
        or parts[0] != "scrypt"
        or not all(re.fullmatch(r"[0-9]{1,10}", number) for number in parts[1:4])
    ):
        raise MalformedData(f"password hash is malformed; expected {_PASSWORD_FORMAT}")
    try:
        cost = KdfCost(int(parts[1]), int(parts[2]), int(parts[3]))
    except MalformedData as error:
        raise MalformedData(f"password hash records an unusable cost: {error}") from None
    salt = b64d(parts[4], field="password hash salt")
    digest = b64d(parts[5], field="password hash digest")
    if len(salt) != _SALT_SIZE or len(digest) != _PASSWORD_HASH_SIZE:
        raise MalformedData(
            f"password hash needs a {_SALT_SIZE}-byte salt and a {_PASSWORD_HASH_SIZE}-byte digest; "
            f"expected {_PASSWORD_FORMAT}"
        )
    return cost, salt, digest


def verify_password(password: str, encoded: str) -> bool:
    """Whether `password` matches `encoded`, recomputed with the cost recorded in it."""
    cost, salt, expected = _parse_password_hash(encoded)
    return hmac.compare_digest(cost.derive(password.encode("utf-8"), salt, len(expected)), expected)


def constant_time_equals(a: str | bytes, b: str | bytes) -> bool:
    """Equality whose timing does not reveal where the inputs first differ."""
    a_bytes = a.encode("utf-8") if isinstance(a, str) else a
    b_bytes = b.encode("utf-8") if isinstance(b, str) else b
    return hmac.compare_digest(a_bytes, b_bytes)


_MIN_SECRET_SIZE = 16  # RFC 4226 R6: a shared secret is at least 128 bits


def random_secret(n: int = 20) -> bytes:
    """n random bytes; 20 is the HOTP-SHA1 key size RFC 4226 recommends for OCRA."""
    if n < _MIN_SECRET_SIZE:
        raise CryptoError(f"a secret needs at least {_MIN_SECRET_SIZE} bytes (RFC 4226); asked for {n}")
    return secrets.token_bytes(n)


def random_token(nbytes: int = 16) -> str:
    """A url-safe random token carrying `nbytes` of entropy."""
    return secrets.token_urlsafe(nbytes)
