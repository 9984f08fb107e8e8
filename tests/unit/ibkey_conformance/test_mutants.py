"""Reading the zoo's mutants: each says what it breaks and how it is built, or is refused with what is missing."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from ibkey_conformance.mutants import KINDS, MutantError, discover, read_mutant, run_options


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('BREAKS = "QR-EXPIRY"\ndef create_server(): pass\n', "starts with a docstring"),
        ('"""Doc."""\ndef create_server(): pass\n', 'sets BREAKS = "<CLAUSE-ID>"'),
        ('"""Doc."""\nBREAKS = "QR-EXPIRY"\n', "defines exactly one of create_server, create_authenticator"),
    ],
)
def test_a_mutant_that_does_not_say_what_it_breaks_is_refused(tmp_path: Path, source: str, message: str):
    path = tmp_path / "vague.py"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(MutantError, match=message):
        read_mutant(path)


def test_every_kind_of_mutant_is_in_the_zoo():
    assert {mutant.kind for mutant in discover()} == set(KINDS.values())


def test_a_portal_mutant_is_served_with_its_control_api_and_named_by_a_config(tmp_path: Path):
    mutant = next(mutant for mutant in discover() if mutant.name == "portal_session_timeout_30m_one_less")
    with run_options(mutant) as options:
        assert options[0] == "--config"
        config = Path(options[1]).read_text(encoding="utf-8")
        url = config.split('url = "')[1].split('"')[0]
        assert f'name = "{mutant.spec}"' in config
        assert httpx.get(f"{url}/__control__/trading-gateway").status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/__control__/trading-gateway")
