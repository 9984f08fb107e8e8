"""Secrets a scenario handled, and their removal from everything a report keeps."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from typing import Any, Protocol, runtime_checkable
from urllib.parse import quote, quote_plus

MASK = "•"
MIN_SECRET_LENGTH = 4
SECRET_ARGUMENT_NAMES = frozenset({"password", "pin", "passcode", "temporary_passcode"})
# Content hashes naming evidence files: a PIN's digits may occur in them by chance, and they hold no text.
IDENTIFIER_KEYS = frozenset({"screen_id", "image"})


@runtime_checkable
class HoldsSecrets(Protocol):
    """Anything a step passes around that knows secrets: an account, a phone, the scenario's test data."""

    def secret_values(self) -> Iterable[str | bytes]: ...


class Redactor:
    """Replaces every known secret by dots of the same length, longest secret first."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()

    def add(self, value: str | bytes | None) -> None:
        if value is None:
            return
        if isinstance(value, bytes):
            for text in (value.hex(), value.hex().upper(), base64.b64encode(value).decode("ascii")):
                self.add(text)
            return
        if len(value) >= MIN_SECRET_LENGTH:
            # and as a browser sends it in a form or a URL, which a Playwright trace keeps
            self._secrets |= {value, quote_plus(value), quote(value, safe="")}

    def collect(self, arguments: Mapping[str, Any]) -> None:
        """Learn the secrets among a step's arguments: by what they are, or by what they are called."""
        for name, value in arguments.items():
            if isinstance(value, HoldsSecrets):
                for secret in value.secret_values():
                    self.add(secret)
            elif name in SECRET_ARGUMENT_NAMES and isinstance(value, str):
                self.add(value)

    def __len__(self) -> int:
        return len(self._secrets)

    def known(self) -> list[str]:
        """The secrets themselves, to hand to the run's controller (in memory, never written)."""
        return sorted(self._secrets)

    def redact(self, text: str) -> str:
        for secret in sorted(self._secrets, key=len, reverse=True):
            if secret in text:
                text = text.replace(secret, MASK * len(secret))
        return text

    def redact_all(self, value: Any) -> Any:
        """The same structure of dicts, lists and strings with every string redacted."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, dict):
            return {key: item if key in IDENTIFIER_KEYS else self.redact_all(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.redact_all(item) for item in value]
        return value
