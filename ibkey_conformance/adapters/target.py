"""The implementation under test: what plays the authenticator, what it can do, and which failures it expects.

A target comes from the command line (`--authenticator module:factory`, `--authenticator-cmd "CMD"`) or a
TOML file (`--config target.toml`); without either it is this repository's reference implementation.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import shlex
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from ibkey_conformance.suggest import did_you_mean

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
    server: str | None = None
    portal_url: str | None = None
    server_url: str | None = None
    portal_selectors: dict[str, str] = field(default_factory=dict)
    portal_messages: dict[str, dict[str, str]] = field(default_factory=dict)  # clause id -> lang -> wording
    command_cwd: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    expected_failures: dict[str, str] = field(default_factory=dict)

    @property
    def is_reference(self) -> bool:
        """True when the reference authenticator is in use (the server may still be another)."""
        return self.factory is None and self.command is None

    @property
    def brings_server(self) -> bool:
        """True when the server behind the portal is the target's: the reference's own, a factory or a URL."""
        return self.is_reference or bool(self.server or self.portal_url)

    def implementation(self) -> dict:
        """How the report names what was tested."""
        return {"name": self.name, "adapter": self.adapter, "capabilities": sorted(self.capabilities)}

    def load_factory(self) -> Callable[..., Any]:
        """The authenticator factory: called with the phone, returns an Authenticator."""
        return _callable(load_object(self.factory, "--authenticator"), self.factory, "--authenticator")

    def load_server_factory(self) -> Callable[..., Any] | None:
        """The server factory, called as factory(db_path, clock, settings); None for the reference server."""
        return _callable(load_object(self.server, "--server"), self.server, "--server") if self.server else None


def _callable(found: Any, spec: str, option: str) -> Callable[..., Any]:
    if not callable(found):
        raise TargetError(f"{option} {spec}: {type(found).__name__} {found!r} is not callable; name a factory function")
    return found


def load_object(spec: str, option: str) -> Any:
    """`package.module:name` or `path/to/file.py:name`, imported."""
    location, _, attribute = spec.rpartition(":")
    try:
        if location.endswith(".py"):
            path = Path(location).resolve()
            name = f"ibkey_target_{hashlib.sha256(str(path).encode()).hexdigest()[:12]}"
            module_spec = importlib.util.spec_from_file_location(name, path)
            if module_spec is None or not path.is_file():
                raise ImportError(f"no such file {path}")
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
        else:
            module = importlib.import_module(location)
    except ImportError as error:
        raise TargetError(f"{option} {spec}: cannot import {location!r} ({error})") from None
    try:
        return getattr(module, attribute)
    except AttributeError:
        raise TargetError(f"{option} {spec}: {location} has no {attribute!r}") from None


TARGET = pytest.StashKey[Target]()  # where the adapters plugin keeps the run's target on the pytest config

REFERENCE = Target(
    name=REFERENCE_NAME,
    adapter="reference (in-process phone over HTTP, portal in Chromium)",
    capabilities=AUTHENTICATOR_CAPABILITIES | PORTAL_CAPABILITIES,
)


def load_target(
    config: Path | None = None,
    authenticator: str | None = None,
    authenticator_cmd: str | None = None,
    server: str | None = None,
    portal_url: str | None = None,
    portal_selectors: Path | None = None,
    server_url: str | None = None,
    portal_messages: Path | None = None,
) -> Target:
    """The target the options describe; command-line options win over the config file's.

    Paths in a config file (factories in .py files, the selector and message maps, the command's folder) are
    read from the config file's own folder."""
    target = _load_implementation(config, authenticator, authenticator_cmd, server)
    portal = (_read_config(config) if config else {}).get("portal", {})
    portal_url = portal_url or portal.get("url")
    server_url = server_url or portal.get("server_url")
    messages_file = portal_messages or (_beside(config, portal["messages"]) if "messages" in portal else None)
    if messages_file:
        from ibkey_conformance.clauses.messages import read_message_map

        target = replace(target, portal_messages=read_message_map(messages_file))
    if server_url and not portal_url:
        raise TargetError("--server-url is the device API of a portal reached by URL: give --portal-url too")
    for option, url in (("--portal-url", portal_url), ("--server-url", server_url)):
        if url and not url.startswith(("http://", "https://")):
            raise TargetError(f"{option} {url!r}: give a base URL, e.g. http://127.0.0.1:8000")
    selectors_file = portal_selectors or (_beside(config, portal["selectors"]) if "selectors" in portal else None)
    if not (portal_url or selectors_file):
        return target
    if portal_url and target.server:
        raise TargetError("a portal reached by URL brings its own server: give --portal-url or --server, not both")
    selectors = read_selectors(selectors_file) if selectors_file else {}
    adapter = target.adapter + (f"; portal at {portal_url}" if portal_url else "")
    adapter += f"; device API at {server_url}" if server_url else ""
    adapter += f"; selectors from {selectors_file}" if selectors_file else ""
    return replace(
        target,
        name=target.name if target.name != REFERENCE_NAME or not portal_url else portal_url,
        adapter=adapter,
        portal_url=portal_url.rstrip("/") if portal_url else None,
        server_url=server_url.rstrip("/") if server_url else None,
        portal_selectors=selectors,
    )


def read_selectors(path: Path) -> dict[str, str]:
    """A selector map file (TOML, or JSON by its suffix): page-object keys to CSS selectors."""
    import json

    from ibkey_conformance.pages.selectors import DEFAULT_SELECTORS

    try:
        text = path.read_text(encoding="utf-8")
        selectors = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except OSError as error:
        raise TargetError(f"cannot read the selector map {path}: {error.strerror}") from None
    except (ValueError, tomllib.TOMLDecodeError) as error:
        raise TargetError(f"{path} is not a valid selector map: {error}") from None
    if not isinstance(selectors, dict):
        raise TargetError(
            f"{path} is not a valid selector map: it must hold one object of page-object keys to CSS selectors, "
            'e.g. {"username": "#user"}'
        )
    unknown = set(selectors) - set(DEFAULT_SELECTORS)
    if unknown:
        raise TargetError(
            f"{path}: unknown selector key(s) {', '.join(sorted(unknown))}; the keys are {', '.join(DEFAULT_SELECTORS)}"
        )
    not_text = [key for key, value in selectors.items() if not isinstance(value, str) or not value.strip()]
    if not_text:
        raise TargetError(f"{path}: {', '.join(not_text)} must be CSS selectors (non-empty strings)")
    return dict(selectors)


def _beside(config: Path, path: str) -> Path:
    """A path from a config file: relative ones start at the file's own folder."""
    return (config.parent / path).resolve()


def _factory_beside(config: Path | None, spec: str | None) -> str | None:
    """`file.py:name` from a config file, with the file found beside the config; module specs stay as they are."""
    if not (config and spec) or ".py:" not in spec:
        return spec
    location, _, attribute = spec.rpartition(":")
    return f"{_beside(config, location)}:{attribute}"


def _load_implementation(
    config: Path | None, authenticator: str | None, authenticator_cmd: str | None, server: str | None
) -> Target:
    settings = _read_config(config) if config else {}
    server = server or _factory_beside(config, settings.get("server", {}).get("factory"))
    if server:
        _check_factory_spec(server, "--server")
    section = settings.get("authenticator", {})
    factory = authenticator or _factory_beside(config, section.get("factory"))
    command = authenticator_cmd or section.get("command")
    command_cwd = str(config.parent.resolve()) if config and not authenticator_cmd and command else None
    if factory and command:
        raise TargetError("give the authenticator as a Python factory or as a command, not both")
    timeout = section.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise TargetError(f"[authenticator] timeout = {timeout!r}: use a number of seconds above 0, e.g. 10")
    expected = settings.get("expected_failures", {})
    if not all(isinstance(reason, str) for reason in expected.values()):
        raise TargetError('[expected_failures]: write each as "scenario name" = "why it is expected to fail"')
    name = settings.get("implementation", {}).get("name")
    shared = {"server": server, "timeout": float(timeout), "expected_failures": dict(expected)}
    if factory:
        _check_factory_spec(factory, "--authenticator")
        return replace(
            REFERENCE, name=name or factory, adapter=f"Python authenticator {factory}", factory=factory, **shared
        )
    if command:
        try:
            argv = tuple(shlex.split(command)) if isinstance(command, str) else tuple(command)
        except ValueError as error:  # shlex: an unclosed quote or a trailing backslash
            raise TargetError(f"--authenticator-cmd {command!r}: {error}; quote it as a shell would") from None
        if not argv:
            raise TargetError("--authenticator-cmd is empty: give the command that starts the authenticator")
        adapter = f"bridge (JSON lines) to {shlex.join(argv)}"
        return replace(
            REFERENCE, name=name or argv[-1], adapter=adapter, command=argv, command_cwd=command_cwd, **shared
        )
    if server:
        adapter = f"Python server {server} behind the reference portal"
        return replace(REFERENCE, name=name or server, adapter=adapter, **shared)
    if expected or name:
        return replace(REFERENCE, name=name or REFERENCE.name, **shared)
    return REFERENCE


def _check_factory_spec(spec: str, option: str) -> None:
    location, colon, attribute = spec.rpartition(":")
    if not (colon and location and attribute.isidentifier()):
        raise TargetError(f"{option} {spec!r}: write it as package.module:factory or path/to/file.py:factory")


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _is_command(value: object) -> bool:
    return _is_text(value) or (isinstance(value, list) and bool(value) and all(map(_is_text, value)))


# The settings read from each section besides [expected_failures], each with its check and how to write it.
CONFIG_SETTINGS = {
    "implementation": {"name": (_is_text, '"my authenticator"')},
    "authenticator": {
        "factory": (_is_text, '"package.module:factory"'),
        "command": (_is_command, '"node authenticator.js" or ["node", "authenticator.js"]'),
        "timeout": (lambda value: True, "10"),  # checked with its own message where it is read
    },
    "server": {"factory": (_is_text, '"package.module:factory"')},
    "portal": {
        "url": (_is_text, '"http://127.0.0.1:8000"'),
        "server_url": (_is_text, '"http://127.0.0.1:8001"'),
        "selectors": (_is_text, '"selectors.toml"'),
        "messages": (_is_text, '"messages.toml"'),
    },
}


def _read_config(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise TargetError(f"cannot read the config file {path}: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise TargetError(f"{path} is not valid TOML, which is UTF-8 text: {error}") from None
    try:
        settings = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TargetError(f"{path} is not valid TOML: {error}") from None
    unknown = set(settings) - {"implementation", "authenticator", "server", "portal", "expected_failures"}
    if unknown:
        raise TargetError(
            f"{path}: unknown section(s) {', '.join(sorted(unknown))}; "
            "the sections are [implementation], [authenticator], [server], [portal] and [expected_failures]"
        )
    for name, section in settings.items():
        if not isinstance(section, dict):
            raise TargetError(f"{path}: {name} = {section!r}: write [{name}] on a line of its own, its settings below")
        known = CONFIG_SETTINGS.get(name)
        unknown_keys = sorted(set(section) - set(known)) if known is not None else []
        if unknown_keys:
            raise TargetError(
                f"{path}: [{name}] has no setting {unknown_keys[0]!r}{did_you_mean(unknown_keys[0], known)}; "
                f"[{name}] takes {', '.join(known)}"
            )
        for key, (fits, example) in (known or {}).items():
            if key in section and not fits(section[key]):
                raise TargetError(f"{path}: [{name}] {key} = {section[key]!r}: write it as {key} = {example}")
    return settings

