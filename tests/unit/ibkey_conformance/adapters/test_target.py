"""What the command line and target.toml make of the implementation under test, and their mistakes."""

from pathlib import Path

import pytest

from ibkey_conformance.adapters.capabilities import missing_capabilities
from ibkey_conformance.adapters.target import REFERENCE, TargetError, load_object, load_target


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_no_option_is_the_reference():
    assert load_target() is REFERENCE and REFERENCE.is_reference and REFERENCE.load_server_factory() is None


def test_a_command_becomes_a_bridge_target_with_its_timeout_and_expected_failures(tmp_path):
    config = _write(tmp_path / "target.toml", """
[implementation]
name = "Acme Key"
[authenticator]
command = "node acme.js --verbose"
timeout = 2.5
[expected_failures]
"A PIN of 3 digits is refused" = "Acme allows 3-digit PINs (ticket 12)"
""")
    target = load_target(config)
    assert target.command == ("node", "acme.js", "--verbose") and target.timeout == 2.5
    assert target.name == "Acme Key" and target.adapter.startswith("bridge (JSON lines)")
    assert target.expected_failures == {"A PIN of 3 digits is refused": "Acme allows 3-digit PINs (ticket 12)"}
    assert not target.is_reference


def test_the_command_line_wins_over_the_file(tmp_path):
    config = _write(tmp_path / "target.toml", '[authenticator]\ncommand = "node a.js"\n')
    assert load_target(config, authenticator_cmd="node b.js").command == ("node", "b.js")


def test_a_factory_may_be_a_file_path_and_is_imported(tmp_path):
    module = _write(tmp_path / "acme.py", "def create_authenticator(phone):\n    return phone\n")
    target = load_target(authenticator=f"{module}:create_authenticator")
    assert target.load_factory()("a phone") == "a phone"
    assert load_object("ibkey_conformance.adapters.target:REFERENCE", "--x") is REFERENCE


def test_a_server_factory_alone_keeps_the_reference_authenticator(tmp_path):
    module = _write(tmp_path / "server.py", "def create_server(db_path, clock, settings):\n    return 42\n")
    target = load_target(server=f"{module}:create_server")
    assert target.is_reference and target.load_server_factory()(None, None, None) == 42
    assert target.implementation()["adapter"].startswith("Python server")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"authenticator": "nocolon"}, "write it as package.module:factory or path/to/file.py:factory"),
        ({"authenticator": "m:f", "authenticator_cmd": "node x.js"}, "not both"),
        ({"authenticator_cmd": "   "}, "--authenticator-cmd is empty"),
        ({"server": "x.py:"}, "--server 'x.py:': write it as"),
        ({"server_url": "http://127.0.0.1:1"}, "give --portal-url too"),
        ({"portal_url": "127.0.0.1:8000"}, "--portal-url '127.0.0.1:8000': give a base URL"),
        ({"portal_url": "http://a", "server": "x.py:f"}, "give --portal-url or --server, not both"),
    ],
)
def test_option_mistakes_name_what_works(options, message):
    with pytest.raises(TargetError, match=message):
        load_target(**options)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("no_such_module_here:f", "cannot import 'no_such_module_here'"),
        ("ibkey_conformance.adapters.target:nothing", "has no 'nothing'"),
        ("/nowhere/x.py:f", "no such file"),
    ],
)
def test_an_unloadable_factory_is_named(spec, message):
    with pytest.raises(TargetError, match=message):
        load_object(spec, "--authenticator")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[authenticator\n", "is not valid TOML"),
        ("[servers]\n", r"unknown section\(s\) servers; the sections are"),
        ('[authenticator]\ncommand = "x"\ntimeout = -1\n', "timeout = -1: use a number of seconds above 0"),
        ('[expected_failures]\n"a scenario" = 3\n', 'write each as "scenario name" = "why'),
    ],
)
def test_config_mistakes_name_the_file_and_what_works(tmp_path, text, message):
    with pytest.raises(TargetError, match=message):
        load_target(_write(tmp_path / "target.toml", text))


def test_an_unreadable_config_is_named(tmp_path):
    with pytest.raises(TargetError, match="cannot read the config file"):
        load_target(tmp_path / "absent.toml")


def test_a_scenario_needs_its_platform_and_what_its_clauses_exercise():
    declared = {"android", "challenge_response"}
    assert missing_capabilities(declared, ["ios", "browser"], ["PUSH-1", "CR-2"]) == {"ios", "push"}
    assert missing_capabilities(declared, ["android"], ["KB3234-D", "LP1-LOCKOUT"]) == set()


def test_a_portal_by_url_with_its_device_api_elsewhere_and_a_selector_map(tmp_path):
    selectors = _write(tmp_path / "selectors.toml", 'username = "input[name=user]"\n')
    target = load_target(portal_url="http://portal:8000/", server_url="http://api:9000", portal_selectors=selectors)
    assert (target.portal_url, target.server_url) == ("http://portal:8000", "http://api:9000")
    assert target.portal_selectors == {"username": "input[name=user]"}
    assert "portal at http://portal:8000/; device API at http://api:9000; selectors from" in target.adapter


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('usernme = "#x"\n', "unknown selector key\\(s\\) usernme; the keys are login_heading, username"),
        ('username = ""\n', "username must be CSS selectors"),
        ("username = \n", "is not a valid selector map"),
    ],
)
def test_selector_map_mistakes_name_the_key_and_what_is_accepted(tmp_path, text, message):
    with pytest.raises(TargetError, match=message):
        load_target(portal_url="http://portal:8000", portal_selectors=_write(tmp_path / "map.toml", text))
