"""The mutant zoo's members: deliberately defective implementations, read and run as `ibkey-conform run` targets.

Each mutant in `fixtures/implementations/mutants/` breaks one rule of the seed, names its catalogue clause in
`BREAKS` and defines one factory: `create_server` (a server behind the reference portal), `create_authenticator`
(IB Key on the simulated phone) or `create_portal` (the reference portal's settings changed; the portal is then
served with its control API and reached by URL, as a third-party portal is). `_boundaries.py` generates more,
from the catalogue's limits. Both `scripts/mutant_zoo.py` and the zoo's tests read them through this module.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTANTS_DIR = ROOT / "fixtures" / "implementations" / "mutants"
BOUNDARIES_PATH = MUTANTS_DIR / "_boundaries.py"
KINDS = {"create_server": "server", "create_authenticator": "authenticator", "create_portal": "portal"}


@dataclass(frozen=True)
class Mutant:
    name: str
    path: Path
    summary: str
    breaks: str
    factory: str

    @property
    def kind(self) -> str:
        return next(kind for prefix, kind in KINDS.items() if self.factory.startswith(prefix))

    @property
    def spec(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.factory}"


class MutantError(ValueError):
    """A mutant file that does not say what it breaks or how to build it."""


def read_mutant(path: Path) -> Mutant:
    """Docstring, BREAKS and factory read from the source, without importing it."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstring = ast.get_docstring(tree)
    if not docstring:
        raise MutantError(f"{path.name}: a mutant starts with a docstring saying what it breaks")
    breaks = next(
        (
            node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and any(isinstance(target, ast.Name) and target.id == "BREAKS" for target in node.targets)
            and isinstance(node.value, ast.Constant)
        ),
        None,
    )
    if not isinstance(breaks, str):
        raise MutantError(f'{path.name}: a mutant sets BREAKS = "<CLAUSE-ID>"')
    factories = [node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name in KINDS]
    if len(factories) != 1:
        raise MutantError(f"{path.name}: a mutant defines exactly one of {', '.join(KINDS)}, not {factories}")
    return Mutant(path.stem, path, docstring.splitlines()[0].strip(), breaks, factories[0])


def written_mutants(directory: Path = MUTANTS_DIR) -> list[Mutant]:
    return [read_mutant(path) for path in sorted(directory.glob("*.py")) if not path.name.startswith("_")]


def boundary_mutants(path: Path = BOUNDARIES_PATH) -> list[Mutant]:
    """The mutants `_boundaries.py` generates from the catalogue's limits, one unit each side of each."""
    module = _load(path)
    return [Mutant(found.name, path, found.summary, found.breaks, found.factory) for found in module.MUTANTS]


def discover(directory: Path = MUTANTS_DIR) -> list[Mutant]:
    """The hand-written mutants, then the generated ones."""
    boundaries = directory / BOUNDARIES_PATH.name
    return written_mutants(directory) + (boundary_mutants(boundaries) if boundaries.is_file() else [])


@contextlib.contextmanager
def run_options(mutant: Mutant) -> Iterator[list[str]]:
    """The `ibkey-conform run` options that make the mutant the target, with its portal served while open."""
    if mutant.kind != "portal":
        yield [f"--{mutant.kind}", mutant.spec]
        return
    from ibkey_conformance.live_portal import LivePortal

    change = getattr(_load(mutant.path), mutant.factory)
    with tempfile.TemporaryDirectory(prefix=f"zoo-{mutant.name}-") as folder:
        folder = Path(folder)
        served = LivePortal(
            folder / "ibkey.sqlite3", change_portal=lambda settings: replace(change(settings), control_api=True)
        )
        with served:
            config = folder / "target.toml"
            config.write_text(f'[implementation]\nname = "{mutant.spec}"\n\n[portal]\nurl = "{served.url}"\n')
            yield ["--config", str(config)]


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"zoo_{path.stem.lstrip('_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
