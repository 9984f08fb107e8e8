"""Playwright traces keep what the browser typed and sent, passwords included: each text entry of a kept
trace.zip is redacted like every other report file (pictures stay: a password field shows dots)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ibkey_conformance.redaction import Redactor


def redact_trace(path: Path, redactor: Redactor) -> None:
    with zipfile.ZipFile(path) as trace:
        entries = [(info, trace.read(info)) for info in trace.infolist()]
    redacted = path.with_suffix(".redacting")
    with zipfile.ZipFile(redacted, "w", zipfile.ZIP_DEFLATED) as trace:
        for info, data in entries:
            trace.writestr(info, _redacted(data, redactor))
    redacted.replace(path)


def _redacted(data: bytes, redactor: Redactor) -> bytes:
    try:
        return redactor.redact(data.decode("utf-8")).encode("utf-8")
    except UnicodeDecodeError:  # a picture or another binary resource
        return data
