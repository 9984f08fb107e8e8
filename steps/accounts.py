"""Steps about Client Portal users, as the server knows them."""

from __future__ import annotations

from dataclasses import dataclass

from pytest_bdd import given


@dataclass
class Account:
    username: str
    password: str


@given("a Client Portal user", target_fixture="account")
@given("クライアント・ポータルのユーザーがいる", target_fixture="account")
def _(live_portal, scenario_data) -> Account:
    account = Account(scenario_data.username(), scenario_data.password())
    live_portal.server.accounts.create_user(account.username, account.password)
    return account
