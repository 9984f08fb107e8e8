"""Binds every feature file under features/ to pytest; the steps live in steps/ (see the root conftest)."""

from pytest_bdd import scenarios

scenarios(".")
