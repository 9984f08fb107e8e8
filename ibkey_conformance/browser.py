"""How the harness launches Chromium: Debian's build when present, Playwright's own otherwise."""

from __future__ import annotations

import shutil
from pathlib import Path

SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
)


def chromium_launch_options() -> dict:
    """Options for `playwright.chromium.launch(**options)`."""
    options: dict = {"args": list(CHROMIUM_ARGS), "headless": True}
    executable = SYSTEM_CHROMIUM if SYSTEM_CHROMIUM.exists() else shutil.which("chromium")
    if executable:
        options["executable_path"] = str(executable)
    return options
