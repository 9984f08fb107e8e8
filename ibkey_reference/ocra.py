"""OCRA, the OATH challenge-response algorithm of RFC 6287, with the suite IB Key uses.

Conventions this module fixes where the RFC leaves room (each follows Appendix A or the RFC text):

- `HOTP-<hash>-0` returns the full HMAC as lowercase hex (section 5.2: "no truncation is performed
  and the full HMAC value is used"); Appendix A's code would print "0" instead.
- A QN question is read as a decimal integer, written in hex and padded with '0' nibbles on the right
  to 128 bytes, so leading zeros in the question do not change the response ("0042" == "42").
- A QA question is its ASCII bytes; a QH question is its hex nibbles; both padded right to 128 bytes.
- In mutual mode pass `question=(other_party_challenge, own_challenge)`: each part is checked against
  the suite's length, then the parts are joined as text and encoded as one question (section 5.1,
  Appendix B). A plain string is one challenge.
- `timestamp` is the count of time steps since the epoch (unix seconds // time_step_seconds), as in
  the Appendix C vectors, not unix seconds.
- Session information shorter than the suite's Snnn length is padded with zero bytes on the left,
  as Appendix A does.
- The suite text is case-sensitive and hashed verbatim; `QH8` is read as `QH08` (the RFC's own
  example in section 6.4 uses one digit).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from ibkey_reference.errors import IBKeyError

IBKEY_SUITE = "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1"

_HASHES = {"SHA1": "sha1", "SHA256": "sha256", "SHA512": "sha512"}
_TIME_UNITS = {"S": (1, 59), "M": (60, 59), "H": (3600, 48)}
_QUESTION_BYTES = 128
_COUNTER_MODULUS = 2**64
_MAX_SESSION_BYTES = 512


class OcraError(IBKeyError):
    """Something about an OCRA computation is wrong; see the subclass."""

    code = "ocra_error"


class OcraSuiteError(OcraError):
    """The OCRA suite text does not follow RFC 6287 section 6."""

    code = "ocra_suite_invalid"


class OcraInputError(OcraError):
    """An input does not fit the suite: a bad question, or a missing or unexpected C, P, S or T."""

    code = "ocra_input_invalid"


@dataclass(frozen=True)
class OcraSuite:
    """A parsed OCRA suite: what to hash with, how many digits, and which inputs go in."""

    text: str
    hash_name: str
    digits: int
    uses_counter: bool
    question_format: str
    question_max: int
    pin_hash_name: str | None = None
    session_length: int | None = None
    time_step_seconds: int | None = None

    @property
    def answer_length(self) -> int:
        """Characters in a response: the digit count, or the HMAC hex length when digits is 0."""
        return self.digits or 2 * hashlib.new(self.hash_name).digest_size


@functools.lru_cache(maxsize=64)
def parse_suite(text: str) -> OcraSuite:
    """Parse `OCRA-1:<CryptoFunction>:<DataInput>` or raise OcraSuiteError naming the bad part."""
    parts = text.split(":") if isinstance(text, str) else []
    if len(parts) != 3:
        raise OcraSuiteError(
            f"OCRA suite {text!r} must have three parts separated by ':', "
            "e.g. 'OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1'"
        )
    algorithm, crypto_function, data_input = parts
    if algorithm != "OCRA-1":
        raise OcraSuiteError(f"algorithm {algorithm!r} is not supported; use 'OCRA-1' (RFC 6287 version 1)")
    hash_name, digits = _parse_crypto_function(crypto_function)
    return OcraSuite(text=text, hash_name=hash_name, digits=digits, **_parse_data_input(data_input))


def _parse_crypto_function(crypto_function: str) -> tuple[str, int]:
    match = re.fullmatch(r"HOTP-(SHA1|SHA256|SHA512)-(0|[4-9]|10)", crypto_function)
    if match is None:
        raise OcraSuiteError(
            f"crypto function {crypto_function!r} is not supported; "
            "use HOTP-SHA1|SHA256|SHA512 with 0 or 4-10 digits, e.g. 'HOTP-SHA1-8'"
        )
    return _HASHES[match[1]], int(match[2])


def _parse_data_input(data_input: str) -> dict:
    fields: dict = {"uses_counter": False}
    items = data_input.split("-")
    if items and items[0] == "C":
        fields["uses_counter"] = True
        items.pop(0)
    if not items or not items[0].startswith("Q"):
        raise OcraSuiteError(
            f"data input {data_input!r} needs a question after the optional 'C', "
            "in the order [C-]Q<A|N|H><04-64>[-P<hash>][-S<nnn>][-T<step>], e.g. 'C-QN06-PSHA1'"
        )
    fields["question_format"], fields["question_max"] = _parse_question(items.pop(0))
    optional_inputs = (
        ("P", "pin_hash_name", _parse_pin),
        ("S", "session_length", _parse_session),
        ("T", "time_step_seconds", _parse_time_step),
    )
    for letter, field, parse in optional_inputs:
        if items and items[0].startswith(letter):
            fields[field] = parse(items.pop(0))
    if items:
        raise OcraSuiteError(
            f"data input item {items[0]!r} in {data_input!r} is not accepted here; after the question "
            "only P<SHA1|SHA256|SHA512>, S<nnn> and T<step> may follow, each once and in that order"
        )
    return fields


def _parse_question(item: str) -> tuple[str, int]:
    match = re.fullmatch(r"Q([ANH])([0-9]{1,2})", item)
    if match is None or not 4 <= int(match[2]) <= 64:
        raise OcraSuiteError(
            f"question {item!r} is not supported; use Q then A, N or H then a length 04-64, e.g. 'QN08'"
        )
    return match[1], int(match[2])


def _parse_pin(item: str) -> str:
    if item == "P":
        return "sha1"  # section 6.3: the default PIN hash is SHA1
    if item[1:] not in _HASHES:
        raise OcraSuiteError(f"PIN input {item!r} is not supported; use PSHA1, PSHA256 or PSHA512")
    return _HASHES[item[1:]]


def _parse_session(item: str) -> int:
    if item == "S":
        return 64  # section 6.3: the default session length is 064 bytes
    if not re.fullmatch(r"S[0-9]{3}", item) or not 1 <= int(item[1:]) <= _MAX_SESSION_BYTES:
        raise OcraSuiteError(
            f"session input {item!r} is not supported; use S with a three-digit byte length 001-512, "
            "typically S064, S128, S256 or S512"
        )
    return int(item[1:])


def _parse_time_step(item: str) -> int:
    if item == "T":
        return 60  # section 6.3: the default time step is 1M
    match = re.fullmatch(r"T([1-9][0-9]?)([SMH])", item)
    if match is None or int(match[1]) > _TIME_UNITS[match[2]][1]:
        raise OcraSuiteError(
            f"timestamp input {item!r} is not supported; use T with 1-59S, 1-59M or 1-48H, e.g. 'T1M'"
        )
    return int(match[1]) * _TIME_UNITS[match[2]][0]


def response(
    suite: str,
    key: bytes,
    question: str | tuple[str, str],
    *,
    counter: int | None = None,
    pin: str | None = None,
    pin_hash: bytes | None = None,
    session: bytes | None = None,
    timestamp: int | None = None,
) -> str:
    """Compute the OCRA response for `suite`; see the module docstring for input conventions."""
    parsed = parse_suite(suite)
    _check_counter(parsed, counter)
    prefix, suffix = _message_parts(parsed, key, question, pin, pin_hash, session, timestamp)
    counter_bytes = counter.to_bytes(8, "big") if parsed.uses_counter else b""
    return _compute(parsed, key, prefix + counter_bytes + suffix)


def verify(
    suite: str,
    key: bytes,
    question: str | tuple[str, str],
    answer: str,
    *,
    counter: int,
    window: int = 10,
    pin: str | None = None,
    pin_hash: bytes | None = None,
    session: bytes | None = None,
    timestamp: int | None = None,
) -> int | None:
    """Return the counter in [counter, counter+window] whose response equals `answer`, else None."""
    parsed = parse_suite(suite)
    if not parsed.uses_counter:
        raise OcraInputError(
            f"verify() looks ahead over counters, but suite {suite!r} has no C; compare response() instead"
        )
    _check_counter(parsed, counter)
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise OcraInputError(f"window must be an int >= 0, got {window!r}")
    prefix, suffix = _message_parts(parsed, key, question, pin, pin_hash, session, timestamp)
    if not _well_formed_answer(parsed, answer):
        return None
    answer = answer.lower()
    for step in range(window + 1):
        candidate = (counter + step) % _COUNTER_MODULUS  # section 5.1: the counter wraps to 0
        expected = _compute(parsed, key, prefix + candidate.to_bytes(8, "big") + suffix)
        if hmac.compare_digest(expected, answer):
            return candidate
    return None


def pin_hash(pin: str, suite: str = IBKEY_SUITE) -> bytes:
    """The PIN digest the suite's P input names, as a server stores it instead of the PIN."""
    name = parse_suite(suite).pin_hash_name
    if name is None:
        raise OcraInputError(f"suite {suite!r} has no P, so it uses no PIN")
    return hashlib.new(name, pin.encode("utf-8")).digest()


def new_numeric_challenge(digits: int = 6) -> str:
    """A uniformly random, zero-padded numeric challenge, e.g. '004213'."""
    if isinstance(digits, bool) or not isinstance(digits, int) or not 4 <= digits <= 64:
        raise OcraInputError(f"a numeric challenge has 4-64 digits (RFC 6287 table 2), got {digits!r}")
    return f"{secrets.randbelow(10**digits):0{digits}d}"


def _well_formed_answer(suite: OcraSuite, answer: object) -> bool:
    if not isinstance(answer, str) or not answer.isascii() or len(answer) != suite.answer_length:
        return False
    allowed = "0123456789abcdefABCDEF" if suite.digits == 0 else "0123456789"
    return all(char in allowed for char in answer)


def _check_counter(suite: OcraSuite, counter: int | None) -> None:
    if not suite.uses_counter:
        if counter is not None:
            raise OcraInputError(f"suite {suite.text!r} has no C, so do not pass counter={counter!r}")
        return
    if counter is None:
        raise OcraInputError(f"suite {suite.text!r} includes C; pass counter=<int 0..2**64-1>")
    if isinstance(counter, bool) or not isinstance(counter, int) or not 0 <= counter < _COUNTER_MODULUS:
        raise OcraInputError(f"counter must be an int in 0..2**64-1 (8 bytes), got {counter!r}")


def _message_parts(
    suite: OcraSuite,
    key: bytes,
    question: str | tuple[str, str],
    pin: str | None,
    pin_hash: bytes | None,
    session: bytes | None,
    timestamp: int | None,
) -> tuple[bytes, bytes]:
    """DataInput around the counter: (suite | 00, Q | P | S | T)."""
    if not isinstance(key, bytes | bytearray) or not key:
        raise OcraInputError("key must be non-empty bytes, e.g. bytes.fromhex(<the provisioned secret>)")
    prefix = suite.text.encode("ascii") + b"\x00"
    suffix = (
        _encode_question(suite, question)
        + _encode_pin(suite, pin, pin_hash)
        + _encode_session(suite, session)
        + _encode_timestamp(suite, timestamp)
    )
    return prefix, suffix


def _encode_question(suite: OcraSuite, question: str | tuple[str, str]) -> bytes:
    challenges = (question,) if isinstance(question, str) else tuple(question)
    if not 1 <= len(challenges) <= 2:
        raise OcraInputError(
            f"question must be one challenge or a pair (other party's, own) for mutual mode, got {question!r}"
        )
    for challenge in challenges:
        _check_challenge(suite, challenge)
    text = "".join(challenges)
    if suite.question_format == "N":
        hex_digits = format(int(text), "x")
    elif suite.question_format == "H":
        hex_digits = text
    else:
        hex_digits = text.encode("ascii").hex()
    return bytes.fromhex(hex_digits.ljust(2 * _QUESTION_BYTES, "0"))


def _check_challenge(suite: OcraSuite, challenge: object) -> None:
    fmt, longest = suite.question_format, suite.question_max
    if not isinstance(challenge, str) or not 4 <= len(challenge) <= longest:
        raise OcraInputError(
            f"challenge {challenge!r} must be a string of 4-{longest} characters for Q{fmt}{longest:02d}"
        )
    kinds = {"N": ("digits 0-9", "0123456789"), "H": ("hex digits 0-9a-fA-F", "0123456789abcdefABCDEF")}
    if fmt == "A":
        if not (challenge.isascii() and challenge.isalnum()):
            raise OcraInputError(f"challenge {challenge!r} must be ASCII letters and digits only for QA")
    elif any(char not in kinds[fmt][1] for char in challenge):
        raise OcraInputError(f"challenge {challenge!r} must contain only {kinds[fmt][0]} for Q{fmt}")


def _encode_pin(suite: OcraSuite, pin: str | None, pin_hash: bytes | None) -> bytes:
    if suite.pin_hash_name is None:
        if pin is not None or pin_hash is not None:
            raise OcraInputError(f"suite {suite.text!r} has no P, so do not pass pin or pin_hash")
        return b""
    if (pin is None) == (pin_hash is None):
        raise OcraInputError(
            f"suite {suite.text!r} includes P; pass exactly one of pin=<str> or pin_hash=<bytes>"
        )
    if pin is not None:
        if not isinstance(pin, str):
            raise OcraInputError(
                f"pin must be a str (it is UTF-8 encoded, then hashed), got {type(pin).__name__}"
            )
        return hashlib.new(suite.pin_hash_name, pin.encode("utf-8")).digest()
    size = hashlib.new(suite.pin_hash_name).digest_size
    if not isinstance(pin_hash, bytes | bytearray) or len(pin_hash) != size:
        raise OcraInputError(
            f"pin_hash must be the {size}-byte {suite.pin_hash_name.upper()} digest of the PIN "
            f"for {suite.text!r}; pass pin=<str> to have it hashed here"
        )
    return bytes(pin_hash)


def _encode_session(suite: OcraSuite, session: bytes | None) -> bytes:
    if suite.session_length is None:
        if session is not None:
            raise OcraInputError(f"suite {suite.text!r} has no S, so do not pass session")
        return b""
    if not isinstance(session, bytes | bytearray) or len(session) > suite.session_length:
        raise OcraInputError(
            f"suite {suite.text!r} includes S; pass session=<bytes of at most {suite.session_length}>"
        )
    return bytes(session).rjust(suite.session_length, b"\x00")


def _encode_timestamp(suite: OcraSuite, timestamp: int | None) -> bytes:
    if suite.time_step_seconds is None:
        if timestamp is not None:
            raise OcraInputError(f"suite {suite.text!r} has no T, so do not pass timestamp")
        return b""
    if isinstance(timestamp, bool) or not isinstance(timestamp, int) or not 0 <= timestamp < 2**64:
        raise OcraInputError(
            f"suite {suite.text!r} includes T; pass timestamp=<unix seconds // "
            f"{suite.time_step_seconds}> (time steps since the epoch), got {timestamp!r}"
        )
    return timestamp.to_bytes(8, "big")


def _compute(suite: OcraSuite, key: bytes, message: bytes) -> str:
    mac = hmac.new(bytes(key), message, suite.hash_name).digest()
    if suite.digits == 0:
        return mac.hex()
    offset = mac[-1] & 0x0F  # RFC 4226 dynamic truncation
    binary = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{binary % 10**suite.digits:0{suite.digits}d}"
