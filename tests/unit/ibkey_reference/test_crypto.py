import ast
import dataclasses
from pathlib import Path

import cryptography.exceptions
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ibkey_reference import crypto
from ibkey_reference.crypto import (
    PRODUCTION_COST,
    TEST_COST,
    CryptoError,
    DecryptionFailed,
    DeviceSigningKey,
    InvalidSignature,
    KdfCost,
    Keychain,
    KeychainLocked,
    MalformedData,
    MalformedKey,
    SealedEnvelope,
    TransportKey,
    WrongPin,
    approval_message,
    b64d,
    b64e,
    constant_time_equals,
    hash_password,
    open_with_pin,
    random_secret,
    random_token,
    seal_for_device,
    seal_with_pin,
    verify_password,
    verify_signature,
)
from ibkey_reference.errors import IBKeyError

REPO_ROOT = Path(__file__).resolve().parents[3]
LIBRARY_ERRORS = (
    cryptography.exceptions.InvalidSignature,
    cryptography.exceptions.InvalidTag,
    cryptography.exceptions.InvalidKey,
    cryptography.exceptions.UnsupportedAlgorithm,
    ValueError,
)
SESSION = b"activation-session-7f3a"


def flip_last_byte(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 0x01])


@pytest.fixture(scope="module")
def signing_key():
    return DeviceSigningKey.generate()


@pytest.fixture
def transport_key():
    return TransportKey.generate()


# Encoding


@pytest.mark.parametrize("data", [b"", b"\x00", b"\xff\xfe", bytes(range(64))])
def test_base64url_round_trips_without_padding(data):
    text = b64e(data)
    assert "=" not in text and "+" not in text and "/" not in text
    assert b64d(text) == data


@pytest.mark.parametrize("text", ["ab=", "a+b/", "a", "ab c", "AB==", "AF", None])
def test_b64d_rejects_what_is_not_canonical_base64url(text):
    with pytest.raises(MalformedData, match="base64url"):
        b64d(text, field="nonce")


# Signing


def test_signature_round_trip(signing_key):
    message = approval_message("tx-1", "n0nce", "alice")
    public_key = signing_key.public_bytes()
    assert len(public_key) == 65 and public_key[0] == 0x04
    verify_signature(public_key, message, signing_key.sign(message))


def test_signing_key_survives_private_bytes_round_trip(signing_key):
    restored = DeviceSigningKey.from_private_bytes(signing_key.to_private_bytes())
    assert restored.public_bytes() == signing_key.public_bytes()
    verify_signature(signing_key.public_bytes(), b"m", restored.sign(b"m"))


@pytest.mark.parametrize(
    "case",
    ["tampered message", "other key", "garbage signature", "empty signature", "truncated signature"],
)
def test_signature_failures_raise_invalid_signature(signing_key, case):
    message = b"ibkey-approve:v1\ntx\nnonce\nalice"
    signature = signing_key.sign(message)
    public_key = signing_key.public_bytes()
    if case == "tampered message":
        message += b"!"
    elif case == "other key":
        public_key = DeviceSigningKey.generate().public_bytes()
    elif case == "garbage signature":
        signature = b"not a DER signature"
    elif case == "empty signature":
        signature = b""
    else:
        signature = signature[:-3]
    with pytest.raises(InvalidSignature) as raised:
        verify_signature(public_key, message, signature)
    assert type(raised.value) is InvalidSignature


@pytest.mark.parametrize(
    "public_key",
    [b"", b"\x04" + b"\x00" * 64, b"\x05" + b"\x01" * 64, b"\x04" + b"\x01" * 10],
    ids=["empty", "not on curve", "wrong prefix", "short"],
)
def test_malformed_public_key_raises_malformed_key(signing_key, public_key):
    with pytest.raises(MalformedKey) as raised:
        verify_signature(public_key, b"m", signing_key.sign(b"m"))
    assert type(raised.value) is MalformedKey


def test_compressed_public_key_is_refused(signing_key):
    uncompressed = signing_key.public_bytes()
    compressed = bytes([2 + (uncompressed[-1] & 1)]) + uncompressed[1:33]
    with pytest.raises(MalformedKey, match="uncompressed"):
        verify_signature(compressed, b"m", signing_key.sign(b"m"))


@pytest.mark.parametrize("private_bytes", [b"", b"\x30\x03\x02\x01\x00", b"-----BEGIN PRIVATE KEY-----"])
def test_malformed_private_bytes_raise_malformed_key(private_bytes):
    with pytest.raises(MalformedKey) as raised:
        DeviceSigningKey.from_private_bytes(private_bytes)
    assert type(raised.value) is MalformedKey


def test_approval_message_is_canonical():
    assert approval_message("tx-1", "abc", "alice") == b"ibkey-approve:v1\ntx-1\nabc\nalice"


@pytest.mark.parametrize("field", ["transaction_id", "nonce", "user"])
def test_approval_message_refuses_newlines(field):
    fields = {"transaction_id": "tx", "nonce": "n", "user": "u"} | {field: "a\nb"}
    with pytest.raises(CryptoError, match=field):
        approval_message(**fields)


# Key transport


def test_transport_round_trip(transport_key):
    secret = random_secret()
    envelope = seal_for_device(transport_key.public_bytes(), secret, SESSION)
    assert secret not in envelope.ciphertext
    assert transport_key.open(envelope, SESSION) == secret


@pytest.mark.parametrize(
    "case", ["wrong context", "tampered ciphertext", "tampered nonce", "other device key"]
)
def test_transport_failures_raise_decryption_failed(transport_key, case):
    envelope = seal_for_device(transport_key.public_bytes(), random_secret(), SESSION)
    receiver, context = transport_key, SESSION
    if case == "wrong context":
        context = b"activation-session-other"
    elif case == "tampered ciphertext":
        envelope = dataclasses.replace(envelope, ciphertext=flip_last_byte(envelope.ciphertext))
    elif case == "tampered nonce":
        envelope = dataclasses.replace(envelope, nonce=flip_last_byte(envelope.nonce))
    else:
        receiver = TransportKey.generate()
    with pytest.raises(DecryptionFailed) as raised:
        receiver.open(envelope, context)
    assert type(raised.value) is DecryptionFailed


def test_envelope_with_invalid_ephemeral_key_raises_decryption_failed(transport_key):
    envelope = seal_for_device(transport_key.public_bytes(), random_secret(), SESSION)
    envelope = dataclasses.replace(envelope, ephemeral_public=b"\x04" + b"\x00" * 64)
    with pytest.raises(DecryptionFailed):
        transport_key.open(envelope, SESSION)


def test_seal_for_malformed_device_key_raises_malformed_key():
    with pytest.raises(MalformedKey):
        seal_for_device(b"\x04" + b"\x00" * 64, random_secret(), SESSION)


def test_envelope_json_round_trip(transport_key):
    envelope = seal_for_device(transport_key.public_bytes(), random_secret(), SESSION)
    document = envelope.to_json()
    assert set(document) == {"ephemeral_public", "nonce", "ciphertext"}
    assert all(isinstance(value, str) for value in document.values())
    assert SealedEnvelope.from_json(document) == envelope


@pytest.mark.parametrize("field", ["ephemeral_public", "nonce", "ciphertext"])
def test_envelope_json_names_the_missing_field(transport_key, field):
    document = seal_for_device(transport_key.public_bytes(), random_secret(), SESSION).to_json()
    del document[field]
    with pytest.raises(CryptoError, match=f"missing '{field}'"):
        SealedEnvelope.from_json(document)


@pytest.mark.parametrize("field", ["ephemeral_public", "nonce", "ciphertext"])
def test_envelope_json_names_the_bad_field(transport_key, field):
    document = seal_for_device(transport_key.public_bytes(), random_secret(), SESSION).to_json()
    document[field] = "not base64url!"
    with pytest.raises(CryptoError, match=field):
        SealedEnvelope.from_json(document)


def test_envelope_json_refuses_a_short_nonce(transport_key):
    document = seal_for_device(transport_key.public_bytes(), random_secret(), SESSION).to_json()
    document["nonce"] = b64e(b"\x00" * 8)
    with pytest.raises(CryptoError, match="nonce must be 12 bytes"):
        SealedEnvelope.from_json(document)


# PIN sealing


def test_pin_seal_round_trip():
    secret = random_secret()
    assert open_with_pin(seal_with_pin(secret, "1234", TEST_COST), "1234") == secret


def test_pin_blob_records_its_cost():
    blob = seal_with_pin(b"s", "1234", KdfCost(2**5, r=4, p=2))
    assert blob[:4] == bytes([1, 5, 4, 2])


def test_wrong_pin_raises_wrong_pin():
    blob = seal_with_pin(random_secret(), "1234", TEST_COST)
    with pytest.raises(WrongPin) as raised:
        open_with_pin(blob, "1235")
    assert type(raised.value) is WrongPin
    assert raised.value.code == "pin_wrong"


@pytest.mark.parametrize("length", [0, 4, 20, 47])
def test_truncated_pin_blob_is_malformed_not_wrong_pin(length):
    blob = seal_with_pin(random_secret(), "1234", TEST_COST)
    with pytest.raises(CryptoError, match="truncated") as raised:
        open_with_pin(blob[:length], "1234")
    assert not isinstance(raised.value, WrongPin)


@pytest.mark.parametrize(
    ("offset", "value", "message"),
    [(0, 9, "version 9"), (1, 0, "unusable cost"), (1, 40, "unusable cost"), (2, 0, "unusable cost")],
)
def test_pin_blob_with_bad_header_is_malformed(offset, value, message):
    blob = bytearray(seal_with_pin(random_secret(), "1234", TEST_COST))
    blob[offset] = value
    with pytest.raises(MalformedData, match=message):
        open_with_pin(bytes(blob), "1234")


@settings(max_examples=30, deadline=None, database=None)
@given(secret=st.binary(max_size=64), pin=st.text(min_size=4, max_size=6))
def test_pin_seal_round_trips_any_secret_and_pin(secret, pin):
    assert open_with_pin(seal_with_pin(secret, pin, TEST_COST), pin) == secret


@pytest.mark.parametrize(
    "kwargs",
    [{"n": 0}, {"n": 1}, {"n": 3}, {"n": 2**4, "r": 0}, {"n": 2**4, "p": 0}, {"n": 2**30}, {"n": True}],
)
def test_kdf_cost_is_validated(kwargs):
    with pytest.raises(CryptoError, match="scrypt"):
        KdfCost(**kwargs)


# Keychain


def test_keychain_round_trip():
    keychain = Keychain()
    blob = keychain.seal(b"ocra secret", "ibkey.ocra")
    assert keychain.open(blob, authenticated=True) == b"ocra secret"


@pytest.mark.parametrize("authenticated", [False, None, 1, "yes"])
def test_keychain_stays_locked_without_authentication(authenticated):
    keychain = Keychain()
    blob = keychain.seal(b"ocra secret", "ibkey.ocra")
    with pytest.raises(KeychainLocked) as raised:
        keychain.open(blob, authenticated=authenticated)
    assert type(raised.value) is KeychainLocked


def test_other_keychain_cannot_open_the_blob():
    blob = Keychain().seal(b"ocra secret", "ibkey.ocra")
    with pytest.raises(DecryptionFailed) as raised:
        Keychain().open(blob, authenticated=True)
    assert type(raised.value) is DecryptionFailed


def test_relabelled_keychain_blob_does_not_open():
    keychain = Keychain()
    blob = keychain.seal(b"ocra secret", "ibkey.ocra")
    relabelled = blob.replace(b"ibkey.ocra", b"ibkey.ocrb", 1)
    with pytest.raises(DecryptionFailed):
        keychain.open(relabelled, authenticated=True)


def test_keychain_exposes_no_wrapping_key():
    keychain = Keychain()
    assert [name for name in dir(keychain) if "key" in name.lower()] == []
    assert "withheld" in repr(keychain)
    with pytest.raises(AttributeError):
        keychain.wrapping_key = b"\x00" * 32


# Passwords


def test_password_hash_verifies_only_the_same_password():
    encoded = hash_password("correct horse", TEST_COST)
    assert verify_password("correct horse", encoded) is True
    assert verify_password("correct hors", encoded) is False


def test_password_hash_format_and_salt():
    first, second = hash_password("pw", TEST_COST), hash_password("pw", TEST_COST)
    assert first != second
    scheme, n, r, p, salt, digest = first.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16", "8", "1")
    assert len(b64d(salt)) == 16 and len(b64d(digest)) == 32


def test_password_hash_uses_the_cost_it_records():
    encoded = hash_password("pw", KdfCost(2**5, r=2, p=3))
    assert encoded.startswith("scrypt$32$2$3$")
    assert verify_password("pw", encoded)


@pytest.mark.parametrize(
    "encoded",
    [
        "",
        "pbkdf2$16$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "scrypt$16$8$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "scrypt$x$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "scrypt$-16$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ],
    ids=["empty", "other scheme", "missing field", "non-numeric n", "negative n"],
)
def test_malformed_password_hash_names_the_expected_format(encoded):
    with pytest.raises(CryptoError, match=r"scrypt\$<n>\$<r>\$<p>"):
        verify_password("pw", encoded)


@pytest.mark.parametrize(
    ("encoded", "message"),
    [
        ("scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "power of two"),
        ("scrypt$16$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "16-byte salt"),
        ("scrypt$16$8$1$AAAAAAAAAAAAAAAAAAAAAA$AA!A", "digest is not base64url"),
    ],
)
def test_password_hash_with_bad_parts_says_which(encoded, message):
    with pytest.raises(MalformedData, match=message):
        verify_password("pw", encoded)


def test_production_cost_hashes_a_password():
    encoded = hash_password("pw", PRODUCTION_COST)
    assert encoded.startswith(f"scrypt${2**15}$8$1$")
    assert verify_password("pw", encoded)


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [("abc", "abc", True), ("abc", "abd", False), (b"abc", "abc", True), ("", "x", False), ("é", "é", True)],
)
def test_constant_time_equals(a, b, equal):
    assert constant_time_equals(a, b) is equal


# Randomness


def test_random_secret_defaults_to_the_hotp_sha1_key_size():
    assert len(random_secret()) == 20
    assert random_secret() != random_secret()


def test_random_secret_refuses_short_secrets():
    with pytest.raises(CryptoError, match="at least 16 bytes"):
        random_secret(8)


def test_random_token_is_url_safe():
    token = random_token()
    assert len(b64d(token)) == 16
    assert random_token(32) != random_token(32)


# Error hygiene


def _failures():
    transport_key = TransportKey.generate()
    envelope = seal_for_device(transport_key.public_bytes(), b"secret", SESSION)
    signing_key = DeviceSigningKey.generate()
    return {
        "bad signature": lambda: verify_signature(signing_key.public_bytes(), b"m", b"junk"),
        "bad point": lambda: verify_signature(b"\x04" + b"\x00" * 64, b"m", b"junk"),
        "bad private key": lambda: DeviceSigningKey.from_private_bytes(b"junk"),
        "wrong context": lambda: transport_key.open(envelope, b"other"),
        "wrong pin": lambda: open_with_pin(seal_with_pin(b"s", "1234", TEST_COST), "0000"),
        "other keychain": lambda: Keychain().open(Keychain().seal(b"s", "l"), authenticated=True),
        "bad hash": lambda: verify_password("pw", "scrypt$1$2$3"),
    }


@pytest.mark.parametrize("failure", list(_failures()))
def test_no_library_exception_leaks(failure):
    with pytest.raises(CryptoError) as raised:
        _failures()[failure]()
    error = raised.value
    assert isinstance(error, IBKeyError)
    assert not isinstance(error, LIBRARY_ERRORS)
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__, "raise ours `from None`"
    assert isinstance(error.code, str) and error.code != IBKeyError.code


def test_error_codes():
    codes = {
        InvalidSignature: "signature_invalid",
        DecryptionFailed: "decryption_failed",
        WrongPin: "pin_wrong",
        KeychainLocked: "keychain_locked",
        MalformedKey: "key_malformed",
    }
    assert {error: error.code for error in codes} == codes
    assert all(issubclass(error, CryptoError) for error in codes)


# The rule that keeps cryptography in one place


def _hazmat_importers(package: Path) -> list[Path]:
    importers = []
    for source in sorted(package.rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            if any(module.startswith("cryptography.hazmat") for module in modules):
                importers.append(source.relative_to(REPO_ROOT))
                break
    return importers


def test_crypto_is_the_only_module_importing_hazmat():
    importers = [
        path
        for package in ("ibkey_reference", "ibkey_conformance")
        if (REPO_ROOT / package).is_dir()
        for path in _hazmat_importers(REPO_ROOT / package)
    ]
    assert importers == [Path(crypto.__file__).resolve().relative_to(REPO_ROOT)], (
        "only ibkey_reference/crypto.py may import cryptography.hazmat; add what you need there"
    )
