"""pytest plugin for the secrets test: notes every secret a run hands out, apart from the report's own redaction."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

from ibkey_conformance.scenario_data import ScenarioData
from ibkey_reference.phone.device import Phone
from ibkey_reference.server.passcodes import Passcodes

handed_out: dict[str, set[str]] = {}


def _noting(kind, method, secrets_of):
    @functools.wraps(method)
    def noted(*args, **kwargs):
        value = method(*args, **kwargs)
        handed_out.setdefault(kind, set()).update(secret for secret in secrets_of(value, *args) if secret)
        return value

    return noted


def pytest_configure(config) -> None:
    ScenarioData.password = _noting("password", ScenarioData.password, lambda password, *_: [password])
    ScenarioData.pin = _noting("pin", ScenarioData.pin, lambda pin, *_: [pin])
    Passcodes.issue_temporary_passcode = _noting(
        "temporary passcode", Passcodes.issue_temporary_passcode, lambda issued, *_: [issued.passcode]
    )
    Passcodes.ship_physical_device = _noting(
        "physical device", Passcodes.ship_physical_device, lambda kit, *_: [kit.pin, kit.ocra_secret.hex()]
    )
    Phone.__init__ = _noting(
        "phone", Phone.__init__, lambda _, phone, *__: [phone.passcode, phone.apple_id_password]
    )


def pytest_sessionfinish(session) -> None:
    worker = getattr(session.config, "workerinput", {}).get("workerid", "controller")
    out = Path(os.environ["IBKEY_SECRETS_OUT"]) / f"{worker}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({kind: sorted(values) for kind, values in handed_out.items()}))
