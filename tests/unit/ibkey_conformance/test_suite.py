"""The suites travel in the wheel: installed in a fresh venv, `ibkey-conform run` works from any folder."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile

from ibkey_conformance.suite import CHECKOUT, FEATURES_DIR, SEED, SUITE_ROOT


def test_a_checkout_runs_its_own_suites():
    assert SUITE_ROOT == CHECKOUT and FEATURES_DIR == CHECKOUT / "features" and SEED.is_file()


def test_the_wheel_installed_in_a_fresh_venv_runs_a_scenario_from_an_empty_folder(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(CHECKOUT)],
        check=True, capture_output=True, timeout=600,
    )
    [wheel] = dist.glob("ibkey_conformance-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"ibkey_conformance/suite/conftest.py", "ibkey_conformance/suite/seed.txt",
            "ibkey_conformance/suite/pyproject.toml", "ibkey_conformance/suite/steps/portal.py",
            "ibkey_conformance/suite/features/test_scenarios.py",
            "ibkey_conformance/clauses/catalogue.toml"} <= names

    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
                   check=True, capture_output=True, timeout=900)
    workdir = tmp_path / "empty"
    workdir.mkdir()
    done = subprocess.run(
        [environment / "bin" / "ibkey-conform", "run", "-k", "typed in lowercase"],
        cwd=workdir, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((workdir / "reports" / "latest" / "results.json").read_text(encoding="utf-8"))
    assert [s["outcome"] for s in results["scenarios"]] == ["passed"]
    where = subprocess.run([python, "-c", "from ibkey_conformance.suite import SUITE_ROOT; print(SUITE_ROOT)"],
                           cwd=workdir, capture_output=True, text=True, check=True).stdout.strip()
    assert where.startswith(str(environment)) and where.endswith("ibkey_conformance/suite")
