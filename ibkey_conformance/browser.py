"""How the harness gets Chromium: Debian's build when present, Playwright's own otherwise, or a browser server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

LOCAL_BROWSER = "Chromium launched on this machine"
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
    """Options for `playwright.chromium.launch(**options)`; IBKEY_CHROMIUM names another executable."""
    options: dict = {"args": list(CHROMIUM_ARGS), "headless": True}
    executable = os.environ.get("IBKEY_CHROMIUM") or (
        SYSTEM_CHROMIUM if SYSTEM_CHROMIUM.exists() else shutil.which("chromium")
    )
    if executable:
        options["executable_path"] = str(executable)
    return options


def browser_server_options(host: str, port: int) -> dict:
    """Playwright's launchServer options (its Node names) for the Chromium a local run would launch."""
    local = chromium_launch_options()
    options = {"args": local["args"], "headless": True, "host": host, "port": port}
    if "executable_path" in local:
        options["executablePath"] = local["executable_path"]
    return options


def endpoint_address(endpoint: str) -> str:
    """A browser server's address without its path, which is the key to the browser and stays out of reports."""
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"
