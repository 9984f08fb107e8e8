"""Per-scenario test data from faker, seeded so a failing scenario reproduces from its printed seed."""

from __future__ import annotations

import functools
import secrets
import string

from faker import Faker

PIN_CHARACTER_CLASSES = {
    "letters": string.ascii_letters,
    "digits": string.digits,
    "special characters": "!#$%&*+-=?@^_~",
    "spaces": " ",
    "accented letters": "éüñçå",
}


@functools.cache
def _shared_faker() -> Faker:
    """One Faker per process, reseeded by each scenario: building one costs more than most steps."""
    return Faker()


class ScenarioData:
    def __init__(self, seed: int | None = None) -> None:
        self.seed = seed if seed is not None else secrets.randbelow(2**31)
        self._faker = _shared_faker()
        self._faker.seed_instance(self.seed)
        self._serial = 0
        self._secrets: list[str] = []

    def username(self) -> str:
        """Lowercase letters, digits and underscores, unique across scenarios sharing one database."""
        self._serial += 1
        base = "".join(c for c in self._faker.user_name().lower() if c in string.ascii_lowercase + string.digits)
        return f"{base[:20] or 'user'}_{self.seed:x}{self._serial}"

    def password(self) -> str:
        return self._secret(self._faker.password(length=14, special_chars=True))

    def device_name(self, platform: str) -> str:
        owner = self._faker.first_name()
        return f"{owner}'s iPhone" if platform == "ios" else f"{owner}'s Pixel"

    def pin(self, length: int = 6, characters: str = "digits") -> str:
        """A PIN of `length` drawn from the named classes ("digits", "letters and special characters"...).

        Each named class appears at least once when the PIN is long enough to hold them all.
        """
        classes = [alphabet for name, alphabet in PIN_CHARACTER_CLASSES.items() if name in characters]
        if not classes:
            raise ValueError(f"{characters!r} names no character class; use {', '.join(PIN_CHARACTER_CLASSES)}")
        pool = "".join(classes)
        chosen = [self._faker.random_element(alphabet) for alphabet in classes][:length]
        chosen += [self._faker.random_element(pool) for _ in range(length - len(chosen))]
        self._faker.random.shuffle(chosen)
        return self._secret("".join(chosen))

    def secret_values(self) -> list[str]:
        """Every password and PIN this scenario was given, for the report's redaction."""
        return list(self._secrets)

    def _secret(self, value: str) -> str:
        self._secrets.append(value)
        return value
