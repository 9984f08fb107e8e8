"""The implementation under test: what plays the authenticator, what it can do, and which failures it expects.

A target comes from the command line (`--authenticator module:factory`, `--authenticator-cmd "CMD"`) or a
TOML file (`--config target.toml`); without either it is this repository's reference implementation.
"""

from __future__ import annotations

import importlib
import shlex
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

AUTHENTICATOR_CAPABILITIES = frozenset({"ios", "android", "push", "challenge_response"})
PORTAL_CAPABILITIES = frozenset({"camera", "portal", "trading_platform", "clock", "client_services"})
REFERENCE_NAME = "ibkey_reference"
DEFAULT_TIMEOUT = 10.0


class TargetError(ValueError):
    """A target that cannot be used as given: the message names the setting, the problem and what works."""


@dataclass(frozen=True)
class Target:
    name: str
    adapter: str
    capabilities: frozenset[str]
    factory: str | None = None
    command: tuple[str, ...] | None = None
    timeout: float = DEFAULT_TIMEOUT
    expected_failures: dict[str, str] = field(default_factory=dict)

    @property
    def is_reference(self) -> bool:
        return self.factory is None and self.command is None

    def implementation(self) -> dict:
        """How the report names what was tested."""
        return {"name": self.name, "adapter": self.adapter, "capabilities": sorted(self.capabilities)}

    def load_factory(self) -> Callable[..., Any]:
        """The `module:attribute` factory, imported."""
        module_name, _, attribute = self.factory.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError as error:
            raise TargetError(f"--authenticator {self.factory}: cannot import {module_name!r} ({error})") from None
        try:
            return getattr(module, attribute)
        except AttributeError:
            raise TargetError(f"--authenticator {self.factory}: {module_name} has no {attribute!r}") from None


TARGET = pytest.StashKey[Target]()  # where the adapters plugin keeps the run's target on the pytest config

REFERENCE = Target(
    name=REFERENCE_NAME,
    adapter="reference (in-process phone over HTTP, portal in Chromium)",
    capabilities=AUTHENTICATOR_CAPABILITIES | PORTAL_CAPABILITIES,
)


def load_target(
    config: Path | None = None, authenticator: str | None = None, authenticator_cmd: str | None = None
) -> Target:
    """The target the options describe; command-line options win over the config file's."""
    settings = _read_config(config) if config else {}
    section = settings.get("authenticator", {})
    factory = authenticator or section.get("factory")
    command = authenticator_cmd or section.get("command")
    if factory and command:
        raise TargetError("give the authenticator as a Python factory or as a command, not both")
    timeout = section.get("timeout", DEFAULT_TIMEOUT)
    if not isinstance(timeout, int | float) or timeout <= 0:
        raise TargetError(f"[authenticator] timeout = {timeout!r}: use a number of seconds above 0, e.g. 10")
    expected = settings.get("expected_failures", {})
    if not all(isinstance(reason, str) for reason in expected.values()):
        raise TargetError('[expected_failures]: write each as "scenario name" = "why it is expected to fail"')
    name = settings.get("implementation", {}).get("name")
    if factory:
        _check_factory_spec(factory)
        return Target(
            name=name or factory,
            adapter=f"Python authenticator {factory}",
            capabilities=AUTHENTICATOR_CAPABILITIES | PORTAL_CAPABILITIES,
            factory=factory,
            timeout=float(timeout),
            expected_failures=dict(expected),
        )
    if command:
        argv = tuple(shlex.split(command)) if isinstance(command, str) else tuple(command)
        if not argv:
            raise TargetError("--authenticator-cmd is empty: give the command that starts the authenticator")
        return Target(
            name=name or argv[-1],
            adapter=f"bridge (JSON lines) to {shlex.join(argv)}",
            capabilities=AUTHENTICATOR_CAPABILITIES | PORTAL_CAPABILITIES,
            command=argv,
            timeout=float(timeout),
            expected_failures=dict(expected),
        )
    if expected:
        return Target(**{**REFERENCE.__dict__, "expected_failures": dict(expected)})
    return REFERENCE


def _check_factory_spec(spec: str) -> None:
    module_name, colon, attribute = spec.partition(":")
    if not (colon and module_name and attribute.isidentifier()):
        raise TargetError(f"--authenticator {spec!r}: write it as package.module:factory")


def _read_config(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise TargetError(f"cannot read the config file {path}: {error.strerror}") from None
    try:
        settings = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TargetError(f"{path} is not valid TOML: {error}") from None
    unknown = set(settings) - {"implementation", "authenticator", "expected_failures"}
    if unknown:
        raise TargetError(
            f"{path}: unknown section(s) {', '.join(sorted(unknown))}; "
            "the sections are [implementation], [authenticator] and [expected_failures]"
        )
    return settings
