"""A portal user as the tests know it: the server's record and the password only the person knows."""

from __future__ import annotations

from dataclasses import dataclass

from ibkey_reference.server import User


@dataclass(frozen=True)
class Account:
    user: User
    password: str

    @property
    def username(self) -> str:
        return self.user.username
