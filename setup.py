"""The suites travel inside the wheel: features/, steps/, the root conftest.py and the seed are copied into
`ibkey_conformance/suite/` at build time, with the pytest settings of pyproject.toml (ibkey_conformance/suite.py
finds them). Everything else is in pyproject.toml."""

import re
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SUITE = {
    "features": "features", "steps": "steps", "conftest.py": "conftest.py", "fixtures/seed/ibkey_help.txt": "seed.txt",
}
PYTEST_SECTION = re.compile(r"^\[tool\.pytest\.ini_options\]\n.*?(?=^\[(?!\[)|\Z)", re.MULTILINE | re.DOTALL)


class BuildWithSuites(build_py):
    def run(self):
        super().run()
        suite = Path(self.build_lib) / "ibkey_conformance" / "suite"
        shutil.rmtree(suite, ignore_errors=True)
        suite.mkdir(parents=True)
        for source, name in SUITE.items():
            if (ROOT / source).is_dir():
                shutil.copytree(ROOT / source, suite / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(ROOT / source, suite / name)
        section = PYTEST_SECTION.search((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        (suite / "pyproject.toml").write_text(section.group(0), encoding="utf-8")


setup(cmdclass={"build_py": BuildWithSuites})
