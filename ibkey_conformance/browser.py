"""How the harness gets Chromium: Debian's build when present, Playwright's own otherwise, or a browser server.

Debian's `chromium-headless-shell` comes first: the headless-only build Playwright itself prefers for headless
runs, which needs half the CPU of full Chromium in headless mode for the same suite (docs/performance.md).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

LOCAL_BROWSER = "Chromium launched on this machine"
SYSTEM_CHROMIUMS = (Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium"))
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
    executable = os.environ.get("IBKEY_CHROMIUM") or next(
        (path for path in SYSTEM_CHROMIUMS if path.exists()), None
    ) or shutil.which("chromium-headless-shell") or shutil.which("chromium")
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
