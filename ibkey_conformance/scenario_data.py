"""Per-scenario test data from faker, seeded so a failing scenario reproduces from its printed seed."""

from __future__ import annotations

import functools
import hashlib
import secrets
import string

PIN_CHARACTER_CLASSES = {
    "letters": string.ascii_letters,
    "digits": string.digits,
    "special characters": "!#$%&*+-=?@^_~",
    "spaces": " ",
    "accented letters": "éüñçå",
}


@functools.cache
def _shared_faker():
    """One Faker per process, reseeded by each scenario: building one costs more than most steps. Imported here,
    not above: faker is also a pytest plugin, which pytest must import itself to rewrite its asserts."""
    from faker import Faker

    return Faker()


def new_seed() -> int:
    return secrets.randbelow(2**31)


class ScenarioData:
    """`seed` is the run's; each scenario draws from its own seed, derived from the run's and its `key` (its test
    id), so two scenarios of one run never draw the same user and a scenario run alone draws what it drew in the
    whole run."""

    def __init__(self, seed: int | None = None, key: str = "") -> None:
        self.seed = seed if seed is not None else new_seed()
        self._own_seed = int.from_bytes(hashlib.sha256(f"{self.seed}:{key}".encode()).digest()[:4], "big") >> 1
        self._faker = _shared_faker()
        self._faker.seed_instance(self._own_seed)
        self._serial = 0
        self._secrets: list[str] = []

    def username(self) -> str:
        """Lowercase letters, digits and underscores, unique across scenarios sharing one database."""
        self._serial += 1
        base = "".join(c for c in self._faker.user_name().lower() if c in string.ascii_lowercase + string.digits)
        return f"{base[:20] or 'user'}_{self._own_seed:x}{self._serial}"

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
