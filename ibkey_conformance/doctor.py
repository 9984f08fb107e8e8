"""`ibkey-conform doctor`: what a run needs from this machine, found or not, and the fix for each missing piece."""

from __future__ import annotations

import ctypes.util
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ibkey_conformance.browser import chromium_launch_options


@dataclass(frozen=True)
class Finding:
    what: str
    found: str | None  # what was found, or None when missing
    fix: str
    required: bool = True


def _version(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (done.stdout or done.stderr).strip().splitlines()[0] if done.returncode == 0 else None


def chromium() -> Finding:
    fix = "apt-get install chromium-headless-shell (or chromium), or: python -m playwright install chromium"
    executable = chromium_launch_options().get("executable_path")
    if executable:
        version = _version([executable, "--version"]) if Path(executable).is_file() else None
        return Finding("Chromium", f"{version} ({executable})" if version else None, fix)
    bundled = _playwright_chromium()
    return Finding("Chromium", f"Playwright's own build ({bundled})" if bundled else None, fix)


def _playwright_chromium() -> str | None:
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
    except Exception:  # any failure to start Playwright's driver: no usable build
        return None
    return path if Path(path).is_file() else None


def zbar() -> Finding:
    library = ctypes.util.find_library("zbar")
    return Finding("libzbar (QR decoding for the camera steps)", library, "apt-get install libzbar0")


def japanese_font() -> Finding:
    what, fix = "a Japanese font (the ja pages' screenshots)", "apt-get install fonts-ipafont-gothic"
    if not shutil.which("fc-list"):
        return Finding(what, None, f"{fix} (fc-list, from fontconfig, is missing)")
    fonts = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True).stdout.splitlines()
    return Finding(what, fonts[0].split(",")[0] if fonts else None, fix)


def node() -> Finding:
    version = _version(["node", "--version"]) if shutil.which("npm") else None
    return Finding(
        "Node.js and npm (the Cucumber report tools the repository's tests use)", version,
        "apt-get install nodejs npm", required=False,
    )


CHECKS: tuple[Callable[[], Finding], ...] = (chromium, zbar, japanese_font, node)


def diagnose(checks: tuple[Callable[[], Finding], ...] = CHECKS) -> tuple[list[str], int]:
    """The lines to print, and 0 when everything required was found, 1 otherwise."""
    findings = [check() for check in checks]
    lines = []
    for finding in findings:
        if finding.found:
            lines.append(f"ok       {finding.what}: {finding.found}")
        else:
            label = "MISSING " if finding.required else "optional"
            lines.append(f"{label} {finding.what}: not found; fix: {finding.fix}")
    missing = [finding for finding in findings if finding.required and not finding.found]
    lines.append("everything a run needs is here" if not missing else f"{len(missing)} missing: a run would fail")
    return lines, 1 if missing else 0
