"""Steps about Client Portal users and what Client Services do for them on the server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from pytest_bdd import given

from ibkey_reference.server import PhysicalDeviceKit


@dataclass
class Account:
    username: str
    password: str = field(repr=False)
    temporary_passcode: str | None = field(default=None, repr=False)
    security_card: dict[str, str] | None = field(default=None, repr=False)  # position -> value, as printed
    pin: str | None = field(default=None, repr=False)
    physical_device: PhysicalDeviceKit | None = field(default=None, repr=False)

    def secret_values(self) -> Iterator[str | bytes]:
        """What a report must never show: the password, passcodes, PINs, the card and the device key."""
        yield from (self.password, self.temporary_passcode, self.pin)
        if self.security_card:
            yield " ".join(self.security_card.values())
        if self.physical_device:
            yield from (self.physical_device.pin, self.physical_device.ocra_secret)


@given("a Client Portal user", target_fixture="account")
@given("クライアント・ポータルのユーザーがいる", target_fixture="account")
def _(backoffice, scenario_data) -> Account:
    return new_account(backoffice, scenario_data)


def new_account(backoffice, scenario_data) -> Account:
    """A Client Portal user with its own name and password, created on the target."""
    account = Account(scenario_data.username(), scenario_data.password())
    backoffice.create_user(account.username, account.password)
    return account


@given("Client Services issued a temporary passcode")
@given("クライアントサービスがテンポラリー・パスコードを発行した")
def _(backoffice, account: Account) -> None:
    account.temporary_passcode = backoffice.issue_temporary_passcode(account.username)


@given("a physical security device was shipped to me")
@given("フィジカル・セキュリティデバイスが発送された")
def _(backoffice, account: Account, scenario_data) -> None:
    account.physical_device = backoffice.ship_physical_device(account.username, scenario_data.pin())


@given("my physical security device has arrived and is active")
@given("フィジカル・セキュリティデバイスも有効化されている")
def _(backoffice, account: Account, scenario_data) -> None:
    account.physical_device = backoffice.ship_physical_device(account.username, scenario_data.pin())
    backoffice.reactivate_device(account.username, account.physical_device.serial)
